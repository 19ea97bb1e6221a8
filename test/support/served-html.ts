import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { loadLocalConfig } from '#config';

// The HTML the app served for every page view of a browser test file (the body of each
// main-frame document response, as it came over the wire: not the DOM after scripts ran), and
// the W3C Nu HTML checker (vnu.jar from the vnu-jar package) over all of it in one JVM run.

export interface ServedPage {
  /** `METHOD url`, e.g. `POST http://127.0.0.1:40123/auth/sign-in`. */
  view: string;
  status: number;
  html: string;
}

const served: ServedPage[] = [];
const reading: Promise<void>[] = [];
const unreadable: string[] = [];

/** Keeps the served HTML of every page the page loads from now on (call before navigating). */
export function recordServedHtml(page: Page): void {
  page.on('response', (response) => {
    const request = response.request();
    if (request.resourceType() !== 'document' || request.frame() !== page.mainFrame()) return;
    const status = response.status();
    // Redirects have no page; downloads (the CSV) are no HTML.
    if (status >= 300 && status < 400) return;
    if (!/^text\/html\b/.test(response.headers()['content-type'] ?? '')) return;
    const view = `${request.method()} ${response.url()}`;
    reading.push(
      response.text().then(
        (html) => {
          served.push({ view, status, html });
        },
        (error: Error) => {
          unreadable.push(`${view}: ${error.message}`);
        },
      ),
    );
  });
}

export interface NuMessage {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  url?: string;
  message: string;
  extract?: string;
  lastLine?: number;
  lastColumn?: number;
}

export interface NuReport {
  /** Page views recorded, and how many distinct documents among them were checked. */
  views: number;
  documents: number;
  /** Responses whose body Chromium no longer had (none expected). */
  unreadable: string[];
  /** Errors, each `view (line:column): message «extract»`. */
  errors: string[];
  /** Errors in the known-bad canary document (some expected). */
  canaryErrors: number;
  /** Wall time of the checker's one JVM run. */
  ms: number;
}

const VNU_JAR = String(createRequire(import.meta.url)('vnu-jar'));

/** Checked alongside, so that every run shows the checker does find errors: a div inside a p. */
const CANARY =
  '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>canary</title></head><body><p><div>x</div></p></body></html>';

/**
 * Runs the Nu checker once over every distinct document recorded so far and returns its errors
 * (warnings are left out: `--errors-only`). One JVM; client compiler only and a larger stack,
 * which the checker's schema needs, so it starts in about a second.
 */
export async function checkServedHtml(): Promise<NuReport> {
  await Promise.all(reading);
  const dir = await mkdtemp(join(tmpdir(), 'tsunagu-nu-'));
  try {
    const byHtml = new Map<string, string[]>();
    for (const page of served) byHtml.set(page.html, [...(byHtml.get(page.html) ?? []), page.view]);
    const canary = join(dir, 'canary.html');
    await writeFile(canary, CANARY);
    const files = new Map<string, string[]>();
    let n = 0;
    for (const [html, views] of byHtml) {
      const file = join(dir, `${String(++n).padStart(3, '0')}.html`);
      await writeFile(file, html);
      files.set(file, views);
    }
    const started = performance.now();
    const messages = await vnu([canary, ...files.keys()]);
    const ms = Math.round(performance.now() - started);
    // The checker names each file by a file: URL (file:/tmp/…).
    const found = messages
      .filter((m) => m.type !== 'info')
      .map((m) => ({ ...m, file: m.url ? fileURLToPath(m.url) : undefined }));
    const errors = found
      .filter((m) => m.file !== canary)
      .map((m) => {
        const views = (m.file ? files.get(m.file) : undefined) ?? [m.url ?? '(no file)'];
        return `${views.join(', ')} (${m.lastLine}:${m.lastColumn}): ${m.message}${m.extract ? ` «${m.extract}»` : ''}`;
      });
    const canaryErrors = found.length - errors.length;
    return {
      views: served.length,
      documents: files.size,
      unreadable: [...unreadable],
      errors,
      canaryErrors,
      ms,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function vnu(paths: string[]): Promise<NuMessage[]> {
  const javaHome = loadLocalConfig().javaHome;
  const java = javaHome ? join(javaHome, 'bin', 'java') : 'java';
  const args = [
    '-Xss4m',
    '-XX:TieredStopAtLevel=1',
    '-jar',
    VNU_JAR,
    '--format',
    'json',
    '--errors-only',
    ...paths,
  ];
  return new Promise((resolve, reject) => {
    // Exit status 1 means "errors found"; the report is on stderr either way.
    execFile(java, args, { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      try {
        resolve((JSON.parse(stderr) as { messages: NuMessage[] }).messages);
      } catch {
        reject(
          new Error(
            `the Nu checker (${java} -jar ${VNU_JAR}) gave no report: ${error?.message ?? ''}\n${stderr}`,
          ),
        );
      }
    });
  });
}
