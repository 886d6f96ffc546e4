// The query page: YASGUI pointed at this endpoint, with our prefixes and examples.
// Everything it loads comes from this server; no lookup goes to another host.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("hrgraph-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  document.getElementById("endpoint-url").textContent = endpoint;

  if (!window.Yasgui) {
    document.getElementById("fallback").hidden = false;
    return;
  }
  var root = document.getElementById("yasgui");
  var Yasqe = Yasgui.Yasqe;
  var Yasr = Yasgui.Yasr;

  // Class and property completion asks an outside vocabulary service: keep it off.
  Yasqe.defaults.autocompleters = ["prefixes", "variables"];

  // The page of this server for an IRI it serves (see query_page.local_roots), or null.
  function localPage(iri) {
    for (var i = 0; i < config.localRoots.length; i++) {
      var root = config.localRoots[i];
      if (iri.indexOf(root.root) !== 0) continue;
      var rest = iri.slice(root.root.length);
      var hash = rest.indexOf("#");
      var path = hash < 0 ? rest : rest.slice(0, hash);
      var fragment = hash < 0 ? "" : rest.slice(hash);
      var first = path.split("/")[0];
      var served = root.paths.indexOf(first) >= 0 && (path.indexOf("/") > 0 || first === "ontology");
      if (served) {
        return config.docPrefix + encodeURI(path) + "?lang=" + config.lang + fragment;
      }
    }
    return null;
  }
  // Result tables link IRIs to themselves: point those we serve at our own pages.
  function localise(container) {
    container.querySelectorAll("a[href]").forEach(function (a) {
      if (a.dataset.iri) return;
      var href = a.getAttribute("href");
      var page = localPage(href);
      if (page) {
        a.dataset.iri = href;
        a.title = href;
        a.setAttribute("href", page);
        a.removeAttribute("target");
      }
    });
  }

  // The editor's own controls, named for assistive technology (its markup leaves
  // them unnamed), and its scrolling areas reachable from the keyboard.
  function label(selector, text) {
    root.querySelectorAll(selector).forEach(function (el) {
      if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", text);
    });
  }
  function accessible() {
    label(".CodeMirror textarea", config.labels.query);
    label("input.autocomplete", config.labels.endpoint);
    label(".tabsList input[type=text]", config.labels.tabName);
    label("select.tableSizer", config.labels.pageSize);
    label("input.tableFilter", config.labels.filter);
    root.querySelectorAll(".CodeMirror-scroll").forEach(function (el) {
      if (el.getAttribute("tabindex") !== "0") el.setAttribute("tabindex", "0");
    });
    // in the tab list, only tabs: the "add a tab" button is one more tab
    root.querySelectorAll(".tabsList button.addTab").forEach(function (el) {
      el.setAttribute("role", "tab");
      el.setAttribute("aria-selected", "false");
    });
  }

  // A bar chart of the last numeric column (counts usually come last) against the
  // text of the other, non-numeric columns.
  function numericColumns(vars, bindings) {
    return vars.filter(function (v) {
      return bindings.length > 0 && bindings.every(function (b) {
        return b[v] && b[v].type !== "uri" && b[v].value !== "" && !isNaN(Number(b[v].value));
      });
    });
  }
  function cellText(value) {
    if (!value) return "";
    if (value.type === "uri") {
      var parts = value.value.replace(/[\/#]$/, "").split(/[\/#]/);
      return parts[parts.length - 1];
    }
    return value.value;
  }
  function BarChart(yasr) {
    this.yasr = yasr;
    this.priority = 5;
    this.label = "Chart";
  }
  BarChart.prototype.data = function () {
    var results = this.yasr.results;
    if (!results || results.hasError() || results.getBoolean() !== undefined) return null;
    var vars = results.getVariables();
    var bindings = results.getBindings() || [];
    var numbers = numericColumns(vars, bindings);
    if (!numbers.length) return null;
    var number = numbers[numbers.length - 1];
    var texts = vars.filter(function (v) { return numbers.indexOf(v) < 0; });
    return bindings.slice(0, 200).map(function (b) {
      var labels = texts.filter(function (v) { return b[v]; }).map(function (v) {
        return cellText(b[v]);
      });
      return { label: labels.slice(0, 2).join(" · "), value: Number(b[number].value) };
    });
  };
  BarChart.prototype.canHandleResults = function () {
    var data = this.data();
    return !!data && data.length > 0;
  };
  BarChart.prototype.getIcon = function () {
    var icon = document.createElement("span");
    icon.textContent = "▤";
    return icon;
  };
  BarChart.prototype.draw = function () {
    var data = this.data() || [];
    var max = Math.max.apply(null, data.map(function (d) { return Math.abs(d.value); }).concat([1]));
    var chart = document.createElement("div");
    chart.className = "hrgraph-chart";
    data.forEach(function (d) {
      var row = document.createElement("div");
      row.className = "hrgraph-chart-row";
      var name = document.createElement("span");
      name.className = "hrgraph-chart-label";
      name.textContent = d.label;
      name.title = d.label;
      var bar = document.createElement("span");
      bar.className = "hrgraph-chart-bar";
      bar.style.width = (100 * Math.abs(d.value) / max).toFixed(1) + "%";
      var value = document.createElement("span");
      value.className = "hrgraph-chart-value";
      value.textContent = d.value.toLocaleString();
      var track = document.createElement("span");
      track.className = "hrgraph-chart-track";
      track.appendChild(bar);
      track.appendChild(value);
      row.appendChild(name);
      row.appendChild(track);
      chart.appendChild(row);
    });
    this.yasr.resultsEl.appendChild(chart);
  };
  Yasr.registerPlugin("chart", BarChart);
  Yasr.defaults.pluginOrder = ["table", "chart", "response"];

  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: endpoint }]; },
      keys: [],
    },
    persistenceId: "hrgraph",
    yasqe: { value: config.defaultQuery },
  });
  window.hrgraphYasgui = yasgui;
  accessible();
  localise(root);
  new MutationObserver(function () {
    localise(root);
    accessible();
  }).observe(root, { childList: true, subtree: true });

  // Our prefixes in the prefix completion, besides the editor's own list.
  var tab = yasgui.getTab();
  if (tab && tab.getYasqe) {
    var yasqe = tab.getYasqe();
    if (yasqe.autocompleters && yasqe.autocompleters.prefixes) {
      var ours = Object.keys(config.prefixes).map(function (p) {
        return p + ": <" + config.prefixes[p] + ">";
      });
      yasqe.autocompleters.prefixes.storeBulkCompletions(ours);
    }
  }

  function open(name, query) {
    var opened = yasgui.addTab(true, {
      name: name.slice(0, 40),
      yasqe: { value: query },
      requestConfig: { endpoint: endpoint },
    }, { avoidDuplicateTabs: true });
    opened.show();
    opened.setQuery(query);
    opened.query();
    return opened;
  }

  document.querySelectorAll("#examples button[data-example]").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = config.examples[Number(button.dataset.example)];
      open(button.textContent, example.query);
    });
  });

  // /query?query=… (a chart's link): open that query in a tab of its own and run it.
  if (config.openQuery) {
    var first = config.openQuery.split("\n")[0].replace(/^#\s*/, "");
    open(first || "query", config.openQuery);
  }
})();
