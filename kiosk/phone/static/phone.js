// The phone page: pick a photo, send it as the raw request body (no multipart: the kiosk
// reads the stream itself and never spools it to disk), show progress and the answer.
// Every sentence comes from data-msg-* attributes on <body>; none is written here.
(function () {
  "use strict";
  var body = document.body;
  var confirmBox = document.getElementById("confirm");
  var sendButton = document.getElementById("send");
  var progressBox = document.getElementById("progress");
  var bar = document.getElementById("bar");
  var status = document.getElementById("status");
  var more = document.getElementById("more");
  var pick = document.getElementById("pick");
  var chosen = null;

  function msg(key, params) {
    var text = body.getAttribute("data-msg-" + key.replace(/_/g, "-")) || "";
    Object.keys(params || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(params[name]));
    });
    return text;
  }

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  Array.prototype.forEach.call(document.querySelectorAll("input.picker"), function (input) {
    input.addEventListener("change", function () {
      if (!input.files || !input.files.length) { return; }
      chosen = input.files[0];
      input.value = "";
      confirmBox.hidden = false;
      sendButton.disabled = false;
      say("", false);
      sendButton.scrollIntoView({ block: "center" });
    });
  });

  sendButton.addEventListener("click", function () {
    if (!chosen) { return; }
    var limit = parseInt(body.getAttribute("data-limit-mb"), 10);
    if (limit && chosen.size > limit * 1024 * 1024) {
      say(msg("err_too_large", { limit_mb: limit }), true);
      return;
    }
    upload(chosen);
  });

  function upload(file) {
    var xhr = new XMLHttpRequest();
    xhr.open("POST", window.location.pathname.replace(/\/+$/, "") + "/photo");
    xhr.timeout = 300000;
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    sendButton.disabled = true;
    pick.hidden = true;
    progressBox.hidden = false;
    bar.value = 0;
    say(msg("sending", { percent: 0 }), false);
    xhr.upload.onprogress = function (event) {
      if (!event.lengthComputable) { return; }
      var percent = Math.floor(100 * event.loaded / event.total);
      bar.value = percent;
      say(msg("sending", { percent: percent }), false);
    };
    xhr.upload.onload = function () {
      bar.value = 100;
      say(msg("checking"), false);
    };
    xhr.onload = function () {
      var answer = {};
      try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = {}; }
      if (xhr.status === 200 && answer.ok) {
        progressBox.hidden = true;
        confirmBox.hidden = true;
        say(msg("sent"), false);
        more.hidden = false;
        return;
      }
      failed(answer.error || "other", answer.params || {});
    };
    xhr.onerror = function () { failed("network", {}); };
    xhr.ontimeout = function () { failed("timeout", {}); };
    xhr.send(file);
  }

  function failed(code, params) {
    progressBox.hidden = true;
    var text = msg("err_" + code, params) || msg("err_other");
    say(text, true);
    // A code that is gone cannot be retried from here; any other failure can.
    var final = code === "expired" || code === "used" || code === "not_found";
    pick.hidden = final;
    confirmBox.hidden = final || !chosen;
    sendButton.disabled = final;
  }
}());
