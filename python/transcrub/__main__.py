"""``python -m transcrub`` and the ``transcrub`` command of the wheel."""

from transcrub import main

if __name__ == "__main__":
    main()
