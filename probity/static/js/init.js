// Initialise all GOV.UK Frontend components on the page.
// Load with: <script type="module" src="/static/js/init.js"></script>
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();
