// Material starts a search on a key release; text pasted with the mouse or entered by an input method sends no
// key event, so every change of the search box is passed on as one (issue 18 item 7).
(function () {
  document.addEventListener("input", function (ev) {
    var box = ev.target;
    if (box && box.classList && box.classList.contains("md-search__input"))
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }, true);
})();
