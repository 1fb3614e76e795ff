// horizons-pub preview: reload the page when what it shows changes.
// Polls /__version?path=… once a second; the answer's X-Page-Tag is a digest of the page as served now.
(function () {
  "use strict";
  var script = document.currentScript;
  var path = script.dataset.path, tag = script.dataset.tag;
  var root = document.documentElement;
  function poll() {
    fetch("/__version?path=" + encodeURIComponent(path), { cache: "no-store" }).then(function (response) {
      root.classList.remove("hp-offline");
      var now = response.headers.get("X-Page-Tag");
      if (now && now !== tag) {
        location.reload();
        return;
      }
      setTimeout(poll, 1000);
    }, function () {
      root.classList.add("hp-offline");  // the preview was stopped: keep trying, it may come back
      setTimeout(poll, 2000);
    });
  }
  setTimeout(poll, 1000);
})();
