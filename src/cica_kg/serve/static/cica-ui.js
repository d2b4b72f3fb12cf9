/* cica-kg: YASGUI with the shipped competency questions as example tabs, labels by language. */
(function () {
  "use strict";
  var endpoint = window.location.origin + "/sparql";
  var examples = JSON.parse(document.getElementById("cica-examples").textContent);
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    autoAddOnInit: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { resizeable: true, editorHeight: "260px" },
    yasr: { prefixes: {} }
  });
  var firstTab = Object.keys(yasgui._tabs);
  examples.forEach(function (example, index) {
    yasgui.addTab(index === 0, {
      name: example.name,
      yasqe: { value: example.query },
      requestConfig: { endpoint: endpoint, method: "POST" }
    });
  });
  firstTab.forEach(function (id) { var tab = yasgui.getTab(id); if (tab) { tab.close(); } });
  window.cicaYasgui = yasgui;

  /* Labels: after a table is drawn, show each IRI by its label in the chosen language. */
  var select = document.getElementById("cica-lang");
  var cache = {};
  function labelQuery(iris) {
    return "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
      "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" +
      "SELECT ?s ?l WHERE { VALUES ?s { " + iris.map(function (i) { return "<" + i + ">"; }).join(" ") +
      " } { ?s rdfs:label|skos:prefLabel ?l } UNION { GRAPH ?g { ?s rdfs:label ?l } } } ORDER BY ?s ?l";
  }
  /* YASR writes an IRI as <iri>: the brackets go while a label is shown. */
  function brackets(a, shown) {
    [[a.previousSibling, "<"], [a.nextSibling, ">"]].forEach(function (pair) {
      var node = pair[0];
      if (node && node.nodeType === 3 && (node.textContent === pair[1] || node.textContent === "")) {
        node.textContent = shown ? pair[1] : "";
      }
    });
  }
  function relabel(root) {
    var lang = select.value;
    var links = Array.prototype.slice.call(root.querySelectorAll("a.iri"));
    links.forEach(function (a) {
      if (!a.dataset.cicaIri) { a.dataset.cicaIri = a.getAttribute("href"); a.dataset.cicaText = a.textContent; }
    });
    if (!lang) { links.forEach(function (a) { a.textContent = a.dataset.cicaText; brackets(a, true); }); return; }
    var missing = links.map(function (a) { return a.dataset.cicaIri; })
      .filter(function (i, n, all) { return /^https?:/.test(i) && !(i in cache) && all.indexOf(i) === n; });
    var apply = function () {
      links.forEach(function (a) {
        var names = cache[a.dataset.cicaIri] || {};
        var label = names[lang] || names[lang === "en" ? "zh" : "en"] || names[""];
        a.textContent = label || a.dataset.cicaText;
        a.title = a.dataset.cicaIri;
        brackets(a, !label);
      });
    };
    if (!missing.length) { apply(); return; }
    var body = new URLSearchParams({ query: labelQuery(missing.slice(0, 500)) });
    fetch(endpoint, { method: "POST", body: body, headers: { Accept: "application/sparql-results+json" } })
      .then(function (r) { return r.ok ? r.json() : { results: { bindings: [] } }; })
      .then(function (json) {
        missing.forEach(function (i) { cache[i] = cache[i] || {}; });
        json.results.bindings.forEach(function (b) {
          var names = cache[b.s.value];
          var tag = (b.l["xml:lang"] || "").split("-")[0];
          if (!(tag in names)) { names[tag] = b.l.value; }
        });
        apply();
      })
      .catch(function () { /* labels are a nicety: the IRIs stay */ });
  }
  var observer = new MutationObserver(function () {
    observer.disconnect();
    relabel(document.getElementById("yasgui"));
    observer.observe(document.getElementById("yasgui"), { childList: true, subtree: true });
  });
  observer.observe(document.getElementById("yasgui"), { childList: true, subtree: true });
  select.addEventListener("change", function () { relabel(document.getElementById("yasgui")); });
})();
