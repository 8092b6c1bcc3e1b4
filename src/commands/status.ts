/** The ribbon command's status dialog: shows the message in the URL's hash; OK tells the command to close it. */
Office.onReady(() => {
  const message = decodeURIComponent(window.location.hash.slice(1));
  document.getElementById("message")!.textContent = message;
  const close = document.getElementById("close")!;
  close.addEventListener("click", () => Office.context.ui.messageParent("close"));
  close.focus();
});
