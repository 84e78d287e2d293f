// Initialise all GOV.UK Frontend components on the page, then Probity's own.
// Loaded from the same origin (<script type="module" src="/static/js/init.js">), so the
// Content Security Policy allows it without a nonce; the inline script in base.html that
// adds "govuk-frontend-supported" to <body> carries the nonce.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// Register filters fold behind a "Show filters" button on small screens. Without
// JavaScript the filters are always shown; on wide screens the button is not shown.
for (const filters of document.querySelectorAll("[data-app-filters]")) {
  const button = filters.querySelector(".app-filters__toggle");
  if (!button) continue;
  const show = (open) => {
    filters.classList.toggle("app-filters--folded", !open);
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Hide filters" : "Show filters";
  };
  show(filters.dataset.open === "true");
  button.addEventListener("click", () => {
    show(button.getAttribute("aria-expanded") !== "true");
  });
}
