/*
 * What every peplink editor form shares: the Device / Topic / Name rows, the
 * WAN pickers, validators, and the texts of the shared message catalogue.
 *
 * Served by Node-RED from the package's resources/ folder; every
 * nodes/<type>.html loads it first with
 *     <script src="resources/node-red-contrib-peplink/peplink-editor.js"></script>
 * (Node-RED runs a node file's own scripts only once such a script has
 * loaded, so no file depends on another file's load order). scripts/build.js
 * writes resources/peplink-editor.js: this file, after PeplinkRules — the
 * runtime's connection rules (src/api/connection-rules.ts) compiled for the
 * browser — and with __PACKAGE__ replaced by the package name.
 *
 * Texts: a form's own texts are keys of its node's catalogue
 * (nodes/locales/<lang>/<type>.json, `data-i18n="<type>.label.x"` or
 * `this._("<type>.label.x")`); the texts all forms share are the "common"
 * keys of the config node's catalogue (peplink-device.json), reached with
 * PeplinkEditor.t("common.x") or data-i18n="<PeplinkEditor.NS>:common.x".
 */
/* global window, RED, $ */
(function () {
  "use strict";
  // Each node file loads this script; the first run defines everything.
  if (window.PeplinkEditor) {
    return;
  }

  /** The config node's catalogue, home of the texts every form shares. */
  var NS = "__PACKAGE__/peplink-device";
  var rules = window.PeplinkRules;

  /**
   * A text in the editor's language, by its full key: "common.…" (the shared
   * texts, in the config node's catalogue) or "<type>.…" (that node's catalogue).
   */
  function t(key, values) {
    var namespace = /^common\./.test(key) ? NS : "__PACKAGE__/" + key.split(".")[0];
    return RED._(namespace + ":" + key, values);
  }

  function isEmpty(v) {
    return v === undefined || v === null || v === "";
  }

  // --- shared form rows ----------------------------------------------------

  function label(id, icon, key) {
    return '<label for="' + id + '"><i class="fa ' + icon + '"></i> <span data-i18n="' + NS + ":" + key + '"></span></label>';
  }

  /**
   * The rows every flow node's form has, written in its template as
   *     <div data-peplink-row="device"></div>
   *     <div data-peplink-row="topic" data-placeholder="<type>.placeholder.topic"></div>
   *     <div data-peplink-row="name"></div>
   * and expanded here before Node-RED builds a form from the template.
   */
  var ROWS = {
    device: function () {
      return (
        '<div class="form-row">' +
        label("node-input-device", "fa-server", "common.label.device") +
        '<input type="text" id="node-input-device"></div>'
      );
    },
    topic: function (placeholder) {
      return (
        '<div class="form-row">' +
        label("node-input-topic", "fa-tasks", "common.label.topic") +
        '<input type="text" id="node-input-topic"' +
        (placeholder ? ' data-i18n="[placeholder]' + placeholder + '"' : "") +
        "></div>"
      );
    },
    name: function () {
      return (
        '<div class="form-row">' +
        label("node-input-name", "fa-tag", "common.label.name") +
        '<input type="text" id="node-input-name" data-i18n="[placeholder]' +
        NS +
        ':common.label.name"></div>'
      );
    },
  };
  var ROW = /<div data-peplink-row="(\w+)"(?: data-placeholder="([^"]*)")?\s*><\/div>/g;

  /** Expands the shared rows of one template text (answers it unchanged when it has none). */
  function expandTemplate(text) {
    return text.replace(ROW, function (whole, row, placeholder) {
      return ROWS[row] ? ROWS[row](placeholder) : whole;
    });
  }

  /** Expands templates on the page: every one, or the one of `type`. */
  function expandTemplates(type) {
    var selector = typeof type === "string" ? 'script[data-template-name="' + type + '"]' : "script[data-template-name]";
    $(selector).each(function () {
      var el = $(this);
      var text = el.html();
      if (text.indexOf("data-peplink-row") >= 0) {
        el.text(expandTemplate(text));
      }
    });
  }

  // --- validators ----------------------------------------------------------

  var ENV = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

  function isConnId(v) {
    return /^[1-9][0-9]{0,2}$/.test(String(v)) && Number(v) <= 255;
  }

  function listOf(v) {
    if (Array.isArray(v)) {
      return v.map(String);
    }
    if (isEmpty(v)) {
      return [];
    }
    return String(v)
      .split(/[\s,]+/)
      .filter(function (s) {
        return s !== "";
      });
  }

  /**
   * A `defaults` validator that answers true, or the reason in the editor's
   * language (Node-RED 3.1+ shows it beside the field; `validate` must take
   * two arguments for that).
   */
  function validator(test, key, values) {
    // eslint-disable-next-line no-unused-vars -- Node-RED reads a text answer only from (value, opt) validators.
    return function (v, opt) {
      return test.call(this, v) ? true : t(key, values);
    };
  }

  /** The reason a rule gives, in the editor's language, or undefined. */
  function ruleText(problem) {
    return problem ? t("common.rules." + problem.rule, problem.values) : undefined;
  }

  /** The config node's settings as the form shows them (or the node holds them when no form is open). */
  function deviceSettings(node) {
    var out = {};
    rules.CHECKED_FIELDS.forEach(function (field) {
      var input = $("#node-config-input-" + field);
      out[field] = input.length ? input.val() : node[field];
    });
    return out;
  }

  /** A `defaults` validator for a config node setting: the runtime's rule (connection-rules.ts). */
  function deviceRule(field) {
    // eslint-disable-next-line no-unused-vars -- as above: (value, opt), so that the reason is shown.
    return function (v, opt) {
      var settings = deviceSettings(this);
      settings[field] = v;
      return ruleText(rules.settingProblem(field, settings)) || true;
    };
  }

  // --- device settings sent to the admin endpoints --------------------------

  /**
   * A changed device's credentials as typed; a stored password the editor
   * does not know is sent as the explicit "unchanged" marker, which the
   * runtime honours only while host, port, protocol, trust and auth mode
   * are the deployed ones.
   */
  function credentialsOf(dev) {
    var c = dev.credentials || {};
    var out = { clientId: c.clientId, username: c.username };
    ["clientSecret", "password"].forEach(function (k) {
      out[k] = !isEmpty(c[k]) ? c[k] : c["has_" + k] ? "__PWRD__" : undefined;
    });
    return out;
  }

  /** Settings of a device config node as the editor holds them (deployed or not). */
  function deviceBody(deviceId) {
    var dev = RED.nodes.node(deviceId);
    if (!dev) {
      return null;
    }
    // Deployed and unchanged: the runtime uses the deployed node's own client.
    if (!dev.changed) {
      return { id: deviceId };
    }
    var settings = { name: dev.name };
    rules.CHECKED_FIELDS.forEach(function (field) {
      settings[field] = dev[field];
    });
    return { id: deviceId, settings: settings, credentials: credentialsOf(dev) };
  }

  /**
   * The reason an admin endpoint gave, in the editor's language when it is
   * one of ours (answer.message: a key, values and the field it names), else
   * as the runtime wrote it (the router's own words).
   */
  function answerText(answer, fallback) {
    answer = answer || {};
    var m = answer.message;
    if (m && m.key) {
      return (m.field ? m.field + ": " : "") + t(m.key, m.values);
    }
    return answer.error || fallback || t("common.errors.request-failed");
  }

  /** POSTs JSON to an admin endpoint of the package. */
  function post(url, body) {
    return $.ajax({ url: url, type: "POST", contentType: "application/json", data: JSON.stringify(body) });
  }

  // --- WAN pickers ---------------------------------------------------------

  /**
   * Adds a WAN picker beside a connection-ID input: a button that loads the
   * device's WAN connections and a select to choose one.
   * options.types: WAN types to offer (e.g. ["cellular"]), all when absent.
   */
  function wanPicker(inputSelector, deviceSelector, options) {
    options = options || {};
    var input = $(inputSelector);
    if (!input.length || input.data("peplink-picker")) {
      return;
    }
    input.data("peplink-picker", true);
    var button = $('<button type="button" class="red-ui-button peplink-wan-pick"><i class="fa fa-search"></i></button>').attr(
      "title",
      t("common.wan.pick"),
    );
    var select = $('<select class="peplink-wan-select" style="display:none; width:70%; margin-top:4px;"></select>');
    var note = $('<div class="form-tips peplink-wan-note" style="display:none; margin-top:4px;"></div>');
    input.after(button);
    button.after(note).after(select);
    button.on("click", function () {
      var deviceId = $(deviceSelector).val();
      var body = deviceId && deviceId !== "_ADD_" ? deviceBody(deviceId) : null;
      if (!body) {
        note.text(t("common.wan.no-device")).show();
        return;
      }
      note.text(t("common.wan.loading")).show();
      post("peplink/device/wans", body)
        .done(function (data) {
          var wans = (data && data.wans) || [];
          if (options.types) {
            wans = wans.filter(function (w) {
              return options.types.indexOf(w.type) >= 0;
            });
          }
          select.empty().append($("<option>").val("").text(t("common.wan.choose")));
          wans.forEach(function (w) {
            select.append(
              $("<option>")
                .val(String(w.id))
                .text(w.id + ": " + w.name + " (" + w.type + (w.message ? ", " + w.message : "") + ")"),
            );
          });
          if (!wans.length) {
            note.text(options.types ? t("common.wan.none-of", { types: options.types.join("/") }) : t("common.wan.none")).show();
            select.hide();
            return;
          }
          note.hide();
          select.val(String(input.val() || "")).show();
        })
        .fail(function (xhr) {
          note.text(t("common.wan.failed", { reason: answerText(xhr.responseJSON, xhr.statusText) })).show();
        });
    });
    select.on("change", function () {
      if (select.val()) {
        input.val(select.val()).trigger("change");
      }
    });
  }

  /**
   * A WAN picker for a field that holds a list of IDs ("1, 4"): the chosen
   * WAN is added to the list instead of replacing it.
   */
  function wanListPicker(inputSelector, deviceSelector, options) {
    var input = $(inputSelector);
    var proxy = $('<input type="hidden">').insertAfter(input);
    wanPicker(proxy, deviceSelector, options);
    proxy.on("change", function () {
      var ids = listOf(input.val());
      if (proxy.val() && ids.indexOf(proxy.val()) < 0) {
        ids.push(proxy.val());
      }
      input.val(ids.join(", ")).trigger("change");
    });
  }

  window.PeplinkEditor = {
    NS: NS,
    t: t,
    rules: rules,
    expandTemplate: expandTemplate,
    /** A WAN connection ID, 1 to 255, as the runtime accepts. */
    isConnId: isConnId,
    /** True for "" (not set) or a WAN connection ID. */
    validConnId: function (v) {
      return isEmpty(v) || isConnId(v);
    },
    /** The items of a list typed as "1, 4" or "1 4" (an array as it is). */
    listOf: listOf,
    /** A whole-value ${NAME}: Node-RED puts in the environment variable at deploy. */
    ENV: ENV,
    validator: validator,
    /** `validate` of a connection-ID setting: empty (the router or msg.connId chooses) or 1 to 255. */
    connIdValidator: function (required) {
      return validator(function (v) {
        return required ? isConnId(v) : isEmpty(v) || isConnId(v);
      }, "common.errors.conn-id");
    },
    deviceRule: deviceRule,
    ruleText: ruleText,
    deviceBody: deviceBody,
    credentialsOf: credentialsOf,
    answerText: answerText,
    post: post,
    wanPicker: wanPicker,
    wanListPicker: wanListPicker,
    /** oneditresize for a form with an editableList: the list takes the height the other rows leave. */
    fitList: function (size, listSelector, listRowSelector) {
      var height = size.height;
      $("#dialog-form>div:not(" + listRowSelector + ")").each(function () {
        height -= $(this).outerHeight(true);
      });
      $(listSelector).editableList("height", Math.max(120, height - 30));
    },
  };

  // A node file's template is on the page when its type registers (Node-RED
  // adds a file's elements, then runs its scripts): expand it then.
  expandTemplates();
  if (RED.events && RED.events.on) {
    RED.events.on("registry:node-type-added", expandTemplates);
  }
})();
