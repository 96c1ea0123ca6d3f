// Pages without data of their own (e.g. "page not found"): the navigation of the signed-in user.
import { onReady } from './lib/dom.js';
import { startPage } from './lib/page.js';

onReady(() => startPage());
