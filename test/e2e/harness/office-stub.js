/* A stand-in for office.js (https://appsforoffice.microsoft.com/lib/1/hosted/office.js) in the
   end-to-end test: the page is not inside Office, so onReady fires at once and Excel is absent. */
(function () {
  "use strict";
  var info = { host: "Excel", platform: "OfficeOnline" };
  window.Office = {
    onReady: function (callback) {
      return Promise.resolve().then(function () {
        if (callback) callback(info);
        return info;
      });
    },
    context: {
      displayLanguage: (window.avstemHarness && window.avstemHarness.displayLanguage) || "nb-NO",
      ui: {
        displayDialogAsync: function (url, options, callback) {
          if (callback) callback({ status: "failed", error: { message: "no dialogs in the test" } });
        },
        messageParent: function () {},
      },
    },
    actions: { associate: function () {} },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    EventType: { DialogMessageReceived: "dialogMessageReceived", DialogEventReceived: "dialogEventReceived" },
  };
  window.Excel = {
    run: function () {
      return Promise.reject(new Error("Excel is not available in the test harness"));
    },
  };
})();
