import { dirname, join } from 'node:path';
import express, { type RequestHandler } from 'express';

/** Where the console answers: its own page, and the chart library under it (issue 21: nothing from outside). */
export const CONSOLE_PATH = '/console';
export const VENDOR_PATH = `${CONSOLE_PATH}/vendor/uplot`;

/** The only files of the uPlot package the page loads: the minified build and its stylesheet (README "Console"). */
const UPLOT_FILES = new Set(['/uPlot.iife.min.js', '/uPlot.min.css']);

// The page is copied beside this file by nest-cli.json's assets, so the same path works from src/ (tests) and dist/.
const PUBLIC_DIR = join(__dirname, 'public');
const UPLOT_DIR = join(dirname(require.resolve('uplot/package.json')), 'dist');

// no-cache, not max-age: the files change with each deployment, and a revalidation costs a 304 on a tiny page.
const STATIC_OPTIONS = { index: 'index.html', redirect: true, cacheControl: true, maxAge: 0, fallthrough: true };

/** The console's own static files: index.html, console.css and the ES modules in js/. */
export function consolePage(): RequestHandler {
  return express.static(PUBLIC_DIR, STATIC_OPTIONS);
}

/** uPlot from node_modules, pinned by package-lock.json; anything else in its folder is not ours to publish. */
export function uplotFiles(): RequestHandler {
  const serve = express.static(UPLOT_DIR, { ...STATIC_OPTIONS, index: false, redirect: false });
  return (req, res, next): void => (UPLOT_FILES.has(req.path) ? void serve(req, res, next) : next());
}
