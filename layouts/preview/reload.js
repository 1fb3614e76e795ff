// horizons-pub preview: reload the page when what it shows changes.
// Asks /__version?path=…&tag=…&wait=1, which answers as soon as the page's tag is another (or after 20 s);
// the answer's X-Page-Tag is a digest of the page as served now.
// Before reloading, it keeps the scroll position (sessionStorage, by path) and puts it back once reloaded,
// so that the chemin de fer does not jump to its top after each update.
// On a spread, the nav marked data-hp-keys gives the keys their targets: ← / → and Page préc. / Page suiv.
// its rel="prev" / rel="next" links, Début / Fin its data-first / data-last, Échap its data-index.
(function () {
  "use strict";
  var script = document.currentScript;
  var path = script.dataset.path, tag = script.dataset.tag;
  var root = document.documentElement;
  var scrollKey = "hp-scroll:" + path;

  function saveScroll() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    } catch (e) { /* storage refused: the page just reloads at the top */ }
  }

  function restoreScroll() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(scrollKey) || "null");
      sessionStorage.removeItem(scrollKey);
    } catch (e) { return; }
    if (saved && saved.length === 2) {
      window.scrollTo(saved[0], saved[1]);
    }
  }
  restoreScroll();

  function poll() {
    var asked = Date.now();
    fetch("/__version?path=" + encodeURIComponent(path) + "&tag=" + encodeURIComponent(tag) + "&wait=1",
          { cache: "no-store" }).then(function (response) {
      root.classList.remove("hp-offline");
      var now = response.headers.get("X-Page-Tag");
      if (now && now !== tag) {
        saveScroll();
        location.reload();
        return;
      }
      // the server answers when the page changed, or after 20 s: ask again at once (not in a loop, should
      // an older server answer at once)
      setTimeout(poll, Date.now() - asked < 500 ? 1000 : 0);
    }, function () {
      root.classList.add("hp-offline");  // the preview was stopped: keep trying, it may come back
      setTimeout(poll, 2000);
    });
  }
  setTimeout(poll, 200);

  function typing(target) {
    if (!target || target.nodeType !== 1) return false;
    var name = target.tagName;
    return target.isContentEditable || name === "INPUT" || name === "TEXTAREA" || name === "SELECT";
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey
        || event.isComposing || typing(event.target)) {
      return;
    }
    var nav = document.querySelector("[data-hp-keys]");
    if (!nav) return;
    var href = null, link;
    switch (event.key) {
      case "ArrowLeft": case "PageUp":
        link = nav.querySelector('a[rel~="prev"]');
        href = link && link.getAttribute("href");
        break;
      case "ArrowRight": case "PageDown":
        link = nav.querySelector('a[rel~="next"]');
        href = link && link.getAttribute("href");
        break;
      case "Home": href = nav.dataset.first; break;
      case "End": href = nav.dataset.last; break;
      case "Escape": href = nav.dataset.index; break;
      default: return;
    }
    if (!href) return;
    event.preventDefault();
    if (new URL(href, location.href).href !== location.href) location.assign(href);
  });
})();
