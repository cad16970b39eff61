window.__jamstatUploadLabel = $choose;
if (!window.__jamstatUploadObserver) {
  const name = () => document.querySelectorAll('[data-testid="stFileUploaderDropzone"] button').forEach(button => {
    if (button.getAttribute('aria-label') !== window.__jamstatUploadLabel) {
      button.setAttribute('aria-label', window.__jamstatUploadLabel);
    }
  });
  window.__jamstatUploadObserver = new MutationObserver(name);
  window.__jamstatUploadObserver.observe(document.body, {childList: true, subtree: true});
  name();
}
