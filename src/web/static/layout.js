// Pages without data of their own (e.g. "page not found"): the navigation of the signed-in user.
import { onReady, startPage } from './common.js';

onReady(() => startPage());
