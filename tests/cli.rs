//! CLI behaviour as data: each tests/cmd/*.toml gives the arguments, stdin,
//! and the expected stdout, stderr and exit code (see trycmd). Cases with a
//! `.in` folder run there; `.out` folders give the files expected after.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
