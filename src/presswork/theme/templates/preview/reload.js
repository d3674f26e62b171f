// Presswork preview: reload the page when a rebuild finishes.
(function () {
  var seen = null;
  function poll() {
    fetch("/_version", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (seen !== null && data.version !== seen) { window.location.reload(); }
        seen = data.version;
      })
      .catch(function () {})
      .finally(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
