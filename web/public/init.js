// Progressive enhancement: every page works without this; with it, GOV.UK Frontend's
// components (conditional reveals, error summary focus, the menu on small screens) start.
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();
