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
  var Yasqe = Yasgui.Yasqe;
  var Yasr = Yasgui.Yasr;

  // Class and property completion asks an outside vocabulary service: keep it off.
  Yasqe.defaults.autocompleters = ["prefixes", "variables"];

  // A bar chart of the last numeric column (counts usually come last) against the
  // text of the other, non-numeric columns.
  function numericColumns(vars, bindings) {
    return vars.filter(function (v) {
      return bindings.length > 0 && bindings.every(function (b) {
        return b[v] && b[v].type !== "uri" && b[v].value !== "" && !isNaN(Number(b[v].value));
      });
    });
  }
  function label(value) {
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
        return label(b[v]);
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

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
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

  document.querySelectorAll("#examples button[data-example]").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = config.examples[Number(button.dataset.example)];
      var opened = yasgui.addTab(true, {
        name: example.title.slice(0, 40),
        yasqe: { value: example.query },
        requestConfig: { endpoint: endpoint },
      }, { avoidDuplicateTabs: true });
      opened.show();
      opened.setQuery(example.query);
      opened.query();
    });
  });
})();
