(function () {
  if (window.__jamstatSlideKeys) { return; }
  window.__jamstatSlideKeys = true;
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = null;
    if (["ArrowRight", "PageDown"].indexOf(event.key) >= 0) { key = "slide_next"; }
    if (["ArrowLeft", "PageUp"].indexOf(event.key) >= 0) { key = "slide_previous"; }
    if (!key) { return; }
    var button = document.querySelector(".st-key-" + key + " button");
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
})();
