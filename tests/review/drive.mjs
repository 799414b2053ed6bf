// Drives the page of `transcrub review` in headless Chromium for the Rust tests:
//
//   node tests/review/drive.mjs URL STEPS_JSON_FILE
//
// Runs each step of the JSON array in order and prints one JSON line per step
// with what it observed; exits 0. On a failure (a step that times out or finds
// nothing, an uncaught exception in the page) it prints one line to stderr and
// exits 1. Console errors of the page are copied to stderr as they come.
// Needs playwright-core (npm ci --prefix tests/review) and Debian's Chromium:
// Playwright's own browser download is not available here.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STEP_TIMEOUT_MS = 30_000;
const CHROMIUM = process.env.TRANSCRUB_CHROMIUM || '/usr/bin/chromium';

// Playwright's messages carry a call log with terminal colours: keep one plain line.
function oneLine(text) {
  return String(text).replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ').trim();
}

function write(stream, line) {
  return new Promise((resolve) => stream.write(line + '\n', resolve));
}

const notBusy = () => !document.body.dataset.busy;
const selected = () => {
  const review = window.transcrubReview;
  const id = review.selectedId();
  const state = review.state();
  return state && id !== null ? state.items.find((item) => item.id === id) || null : null;
};

async function waitNotBusy(page) {
  await page.waitForFunction(notBusy, null, { timeout: STEP_TIMEOUT_MS, polling: 'raf' });
}

// Same JSON value, whatever the order of object keys.
function sameValue(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => sameValue(a[k], b[k]));
}

const STEPS = {
  async press(page, key) {
    await page.keyboard.press(key);
    await waitNotBusy(page);
    return { selected: await page.evaluate(selected) };
  },

  // Presses j until the selected item has every given field; the current
  // selection counts, and it never wraps round.
  async select(page, wanted) {
    const matches = (item) => item && Object.entries(wanted).every(([k, v]) => sameValue(item[k], v));
    const count = await page.evaluate(() => window.transcrubReview.state().items.length);
    let item = await page.evaluate(selected);
    let presses = 0;
    while (!matches(item)) {
      if (presses >= count) break;
      await page.keyboard.press('j');
      await waitNotBusy(page);
      presses++;
      const next = await page.evaluate(selected);
      if (next && item && next.id === item.id) break; // the last item: j does nothing
      item = next;
    }
    if (!matches(item)) {
      throw new Error(`no item matching ${JSON.stringify(wanted)} after ${presses} presses of j`);
    }
    return { selected: item, presses };
  },

  async click(page, selector) {
    await page.click(selector, { timeout: STEP_TIMEOUT_MS });
    await waitNotBusy(page);
    return {};
  },

  async wait_text(page, [selector, text]) {
    const handle = await page.waitForFunction(([sel, want]) => {
      const node = document.querySelector(sel);
      return node && node.textContent.includes(want) ? node.textContent : false;
    }, [selector, text], { timeout: STEP_TIMEOUT_MS });
    return { text: await handle.jsonValue() };
  },

  async read(page, selector) {
    return page.$eval(selector, (node) => ({ text: node.textContent, attrs: { ...node.dataset } }));
  },

  async wait_media_time(page, seconds) {
    const handle = await page.waitForFunction((want) => {
      const s = parseFloat(document.querySelector('#media-time')?.dataset.seconds);
      return Math.abs(s - want) <= 0.05 ? s : false;
    }, seconds, { timeout: STEP_TIMEOUT_MS });
    return { seconds: await handle.jsonValue() };
  },

  async state(page) {
    return page.evaluate(() => ({
      state: window.transcrubReview.state(),
      selected: window.transcrubReview.selectedId(),
    }));
  },

  async screenshot(page, path) {
    await page.screenshot({ path, timeout: STEP_TIMEOUT_MS });
    return { path };
  },

  async eval(page, expression) {
    return { value: await page.evaluate(expression) };
  },
};

function withTimeout(promise, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${STEP_TIMEOUT_MS / 1000} s`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

async function main() {
  const [url, stepsFile] = process.argv.slice(2);
  if (!url || !stepsFile) throw new Error('usage: node drive.mjs URL STEPS_JSON_FILE');
  const steps = JSON.parse(readFileSync(stepsFile, 'utf8'));
  if (!Array.isArray(steps)) throw new Error(`${stepsFile}: expected a JSON array of steps`);

  const profile = mkdtempSync(join(tmpdir(), 'transcrub-review-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--autoplay-policy=no-user-gesture-required',
      ],
      timeout: STEP_TIMEOUT_MS,
    });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    const page = context.pages()[0] || (await context.newPage());

    let pageError = null;
    page.on('pageerror', (err) => {
      pageError = pageError || err;
      process.stderr.write(`page error: ${oneLine(err.stack || err.message)}\n`);
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') process.stderr.write(`console error: ${oneLine(msg.text())}\n`);
    });
    const check = () => {
      if (pageError) throw new Error(`the page threw: ${oneLine(pageError.message)}`);
    };

    await withTimeout((async () => {
      const response = await page.goto(url, { waitUntil: 'domcontentloaded' });
      if (response && !response.ok()) throw new Error(`${url} answered ${response.status()}`);
      // Ready, or the page says why it could not load the state.
      const outcome = await (await page.waitForFunction(() => {
        if (document.body && document.body.dataset.ready === '1') return { ok: true };
        const status = document.querySelector('#status[data-kind="error"]');
        return status ? { error: status.textContent } : false;
      }, null, { timeout: STEP_TIMEOUT_MS })).jsonValue();
      if (outcome.error) throw new Error(`the page could not start: ${oneLine(outcome.error)}`);
    })(), 'opening the page');
    check();

    for (const [n, step] of steps.entries()) {
      const kinds = Object.keys(step).filter((k) => k in STEPS);
      if (kinds.length !== 1) {
        throw new Error(`step ${n + 1}: expected one of ${Object.keys(STEPS).join(', ')} in ${JSON.stringify(step)}`);
      }
      const kind = kinds[0];
      let result;
      try {
        result = await withTimeout(STEPS[kind](page, step[kind]), kind);
      } catch (err) {
        throw new Error(`step ${n + 1} (${JSON.stringify(step)}): ${oneLine(err.message)}`);
      }
      check();
      await write(process.stdout, JSON.stringify(result));
    }
  } finally {
    if (context) await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  async (err) => {
    await write(process.stderr, `drive.mjs: ${oneLine(err.message)}`);
    process.exit(1);
  },
);
