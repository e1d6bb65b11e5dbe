// The search page: state lives in the URL (?q=&view=&mode=&passage= and the refinements of
// filters.js: region, level, year_from, year_to, issuer, sort), one panel per view.

import { describeError, getJSON, isAbort } from "./api.js";
import { compareStatus, compareView } from "./compare.js";
import { AdminPanel } from "./admin.js";
import { ContextDialog } from "./context.js";
import { h } from "./dom.js";
import { readRefinements, searchParams, writeRefinements } from "./filters.js";
import { planUrl, plansTable } from "./plans.js";
import { EXAMPLES, searchStatus, searchView } from "./results.js";
import { targetsStatus, targetsView } from "./targets.js";

const VIEWS = ["search", "compare", "targets"];
const MODES = ["hybrid", "lexical", "dense"];

const form = document.getElementById("search-form");
const input = document.getElementById("q");
const regionSelect = document.getElementById("region");
const regionFilter = regionSelect.closest(".region-filter");
const tabs = [...document.querySelectorAll("[role=tab]")];
const panels = Object.fromEntries(VIEWS.map((view) => [view, panel(view)]));

let state = readLocation();
const titles = new Map();
const highlights = new Map();
let plans = [];
const documentsReady = loadDocuments();

const context = new ContextDialog(document.getElementById("context"), {
  highlightOf: (id) => highlights.get(id),
  planUrlOf: (docId, passageId) => planUrl(docId, { q: state.q, passageId }),
  onChange: (passageId) => {
    if (passageId === state.passage) return;
    state = { ...state, passage: passageId };
    history.replaceState(null, "", urlFor(state));
  },
});

function panel(view) {
  const element = document.getElementById(`panel-${view}`);
  return {
    view, element, key: null, controller: null,
    status: element.querySelector(".status"),
    error: element.querySelector(".error"),
    content: element.querySelector(".content"),
  };
}

// ---- URL state ---------------------------------------------------------------------------

function readLocation() {
  const params = new URLSearchParams(location.search);
  const pick = (name, allowed, fallback) => (allowed.includes(params.get(name)) ? params.get(name) : fallback);
  return {
    q: (params.get("q") ?? "").trim(),
    view: pick("view", VIEWS, "search"),
    mode: pick("mode", MODES, "hybrid"),
    ...readRefinements(params),
    passage: params.get("passage") ?? "",
    // correct=false: search the words as typed, not their spelling correction
    correct: params.get("correct") !== "false",
  };
}

function urlFor(target) {
  const { q, view, mode, passage, correct } = target;
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (view !== "search") params.set("view", view);
  if (mode !== "hybrid") params.set("mode", mode);
  writeRefinements(target, params);
  if (correct === false) params.set("correct", "false");
  if (passage) params.set("passage", passage);
  const search = params.toString();
  return search ? `${location.pathname}?${search}` : location.pathname;
}

/** Every search is a history entry, so back and forward step through them. */
function navigate(changes, { force = false } = {}) {
  state = { ...state, ...changes };
  const url = urlFor(state);
  if (url !== location.pathname + location.search) history.pushState(null, "", url);
  showState();
  load(state.view, force);
}

function showState() {
  input.value = state.q;
  form.elements.mode.value = state.mode;
  form.elements.view.value = state.view;
  if ([...regionSelect.options].some((option) => option.value === state.region)) regionSelect.value = state.region;
  for (const tab of tabs) {
    const selected = tab.dataset.view === state.view;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  for (const view of VIEWS) panels[view].element.hidden = view !== state.view;
  // The compare view shows every plan side by side, so a region choice has no say there.
  regionFilter.hidden = state.view === "compare";
  document.title = state.q ? `${state.q} - 政策文件检索` : "政策文件检索";
}

// ---- loading a view ------------------------------------------------------------------------

const LOADERS = {
  search: {
    key: (s) => [s.q, s.mode, searchParams(s), s.correct],
    async fetch(s, signal) {
      const correct = s.correct ? null : "false";
      const query = { q: s.q, k: 10, mode: s.mode, ...searchParams(s), correct };
      const [search, ask] = await Promise.all([
        getJSON("api/search", query, signal),
        // The answer box is extra: if only it fails, the results still show.
        getJSON("api/ask", { q: s.q, k: 3, ...searchParams(s), sort: undefined, correct }, signal).catch((error) => {
          if (isAbort(error)) throw error;
          return null;
        }),
      ]);
      remember(search.results);
      if (ask) remember(ask.passages);
      const loadPage = async (page) => {
        const next = await getJSON("api/search", { ...query, page });
        remember(next.results);
        return next;
      };
      const refine = { state: s, onChange: (changes) => navigate({ ...changes, passage: "" }) };
      return {
        nodes: searchView({ search, ask, titleOf, contextLink, asTypedLink, planLink, refine, loadPage }),
        status: searchStatus(search),
      };
    },
  },
  compare: {
    key: (s) => [s.q, s.mode, s.correct],
    async fetch(s, signal) {
      const correct = s.correct ? null : "false";
      const compare = await getJSON("api/compare", { q: s.q, per_doc: 1, mode: s.mode, correct }, signal);
      for (const plan of compare.documents) remember(plan.passages);
      return { nodes: compareView({ compare, contextLink, asTypedLink }), status: compareStatus(compare) };
    },
  },
  targets: {
    key: (s) => [s.q, s.region],
    allowsBlank: true,
    async fetch(s, signal) {
      const targets = await getJSON("api/targets", { q: s.q, region: s.region }, signal);
      return {
        nodes: targetsView({ targets, query: s.q, region: s.region, contextLink }),
        status: targetsStatus(targets),
      };
    },
  },
};

async function load(view, force) {
  const target = panels[view];
  const loader = LOADERS[view];
  const key = JSON.stringify(loader.key(state));
  if (!force && target.key === key) return;
  target.controller?.abort();
  target.key = key;
  target.error.hidden = true;
  if (!state.q && !loader.allowsBlank) {
    target.controller = null;
    target.status.textContent = "";
    target.content.replaceChildren(...[intro(view)].flat().filter(Boolean));
    return;
  }
  const controller = (target.controller = new AbortController());
  target.element.setAttribute("aria-busy", "true");
  target.status.textContent = "正在检索…";
  try {
    const { nodes, status } = await loader.fetch(state, controller.signal);
    await documentsReady;
    if (controller.signal.aborted) return;
    target.content.replaceChildren(...[nodes].flat(Infinity).filter(Boolean));
    target.status.textContent = status;
  } catch (error) {
    if (isAbort(error)) return;
    target.key = null; // let the same search be tried again
    target.status.textContent = "";
    target.error.textContent = describeError(error);
    target.error.hidden = false;
    target.content.replaceChildren();
  } finally {
    if (target.controller === controller) target.element.removeAttribute("aria-busy");
  }
}

function intro(view) {
  const lead = view === "compare" ? "输入检索词，逐一查看各方案对同一举措的表述。" : "输入检索词，查找方案中的相关段落和原文摘录。";
  return [h("div", { class: "intro" },
    h("p", {}, lead),
    h("p", { class: "examples" }, "试试：",
      EXAMPLES.map((example) => h("a", { href: urlFor({ ...state, q: example, passage: "" }),
                                         onclick: (event) => {
                                           event.preventDefault();
                                           navigate({ q: example, passage: "", correct: true });
                                         } }, example)))),
    view === "search" ? plansTable(plans) : null];
}

function remember(hits) {
  for (const hit of hits) highlights.set(hit.passage_id, hit.highlight);
}

function titleOf(docId) {
  return titles.get(docId) ?? docId;
}

/** 阅读全文: the whole plan, opened at the hit's passage with the query's words marked. */
function planLink(hit) {
  return h("a", { class: "plan-link", href: planUrl(hit.doc_id, { q: state.q, passageId: hit.passage_id }) },
    "阅读全文");
}

/** A real link (it works in a new tab too) that opens the passage in the dialog. */
/** A link that searches the query's words as typed (no spelling correction). */
function asTypedLink(label) {
  return h("a", {
    class: "as-typed", href: urlFor({ ...state, correct: false, passage: "" }),
    onclick: (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      navigate({ correct: false, passage: "" });
    },
  }, label);
}

function contextLink(passageId, label) {
  return h("a", {
    class: "context-link", href: urlFor({ ...state, passage: passageId }),
    onclick: (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      context.open(passageId, event.currentTarget);
    },
  }, label);
}

async function loadDocuments() {
  try {
    const { documents } = await getJSON("api/documents");
    plans = documents;
    regionSelect.replaceChildren(regionSelect.options[0]);
    const regions = [];
    for (const document of documents) {
      titles.set(document.doc_id, document.title ?? document.doc_id);
      if (document.region && !regions.includes(document.region)) regions.push(document.region);
    }
    regionSelect.append(...regions.map((region) => h("option", { value: region }, region)));
    if (state.region && !regions.includes(state.region)) {
      regionSelect.append(h("option", { value: state.region }, state.region));
    }
    regionSelect.value = state.region;
  } catch {
    // The page still searches without the list; the region menu keeps only 全部地区.
  }
}

// ---- events ----------------------------------------------------------------------------------

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const q = input.value.trim();
  if (!q && state.view !== "targets") {
    input.focus();
  }
  navigate({ q, mode: form.elements.mode.value, region: regionSelect.value, passage: "", correct: true }, { force: true });
});

form.addEventListener("change", (event) => {
  if (event.target.name === "mode" || event.target === regionSelect) {
    navigate({ mode: form.elements.mode.value, region: regionSelect.value, passage: "" });
  }
});

for (const tab of tabs) {
  tab.addEventListener("click", () => navigate({ view: tab.dataset.view, passage: "" }));
  tab.addEventListener("keydown", (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1, Home: -Infinity, End: Infinity }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const index = tabs.indexOf(tab);
    const next = Number.isFinite(step) ? (index + step + tabs.length) % tabs.length : step < 0 ? 0 : tabs.length - 1;
    tabs[next].focus();
    navigate({ view: tabs[next].dataset.view, passage: "" });
  });
}

window.addEventListener("popstate", () => {
  state = readLocation();
  showState();
  load(state.view, false);
  if (state.passage && !context.isOpen) context.open(state.passage, input);
  else if (!state.passage && context.isOpen) context.close();
});

// After an upload or removal is built in, the plan list and region menu show it.
new AdminPanel(document.getElementById("admin"), document.getElementById("admin-open"), {
  onBuilt: () => loadDocuments().then(() => { if (!state.q) load(state.view, true); }),
});

showState();
documentsReady.then(() => { if (!state.q && state.view === "search") load(state.view, true); });
load(state.view, false);
if (state.passage) context.open(state.passage, input);
