{% load i18n %}{% translate "Pain diary" as t_title %}{% translate "A patient who shares their diary with you logged something that needs attention." as t_body %}/* The care-team portal's service worker (scope /care/): red-flag notifications only. */
"use strict";
var TRIAGE = "{{ triage_path }}";  // a constant path: nothing to escape
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {}; }
  event.waitUntil(self.registration.showNotification(data.title || "{{ t_title|escapejs }}", {
    body: data.body || "{{ t_body|escapejs }}",
    tag: data.tag || "red-flags",
    data: {url: data.url || TRIAGE}
  }));
});
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL((event.notification.data && event.notification.data.url) || TRIAGE, self.location.origin);
  if (target.origin !== self.location.origin) target = new URL(TRIAGE, self.location.origin);
  event.waitUntil(self.clients.matchAll({type: "window", includeUncontrolled: true}).then(function (windows) {
    for (var i = 0; i < windows.length; i++) {
      if (windows[i].url.indexOf(self.location.origin + "/care/") === 0 && "focus" in windows[i]) {
        return windows[i].navigate(target.href).then(function (w) { return (w || windows[i]).focus(); });
      }
    }
    return self.clients.openWindow(target.href);
  }));
});
