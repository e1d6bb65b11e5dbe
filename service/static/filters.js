// Search refinements kept in the URL: filters, sort, and the facets and chips that change them.

import { h } from "./dom.js";

/** The URL parameters that narrow or order a search, beside q, view, mode and passage. */
export const REFINEMENTS = ["region", "level", "year_from", "year_to", "issuer", "sort"];
const SORTS = ["relevance", "date"];
const FACET_NAMES = { region: "地区", level: "层级", year: "年份" };

export function readRefinements(params) {
  const year = (name) => (/^\d{4}$/.test(params.get(name) ?? "") ? params.get(name) : "");
  return {
    region: params.get("region") ?? "",
    level: params.get("level") ?? "",
    issuer: params.get("issuer") ?? "",
    year_from: year("year_from"),
    year_to: year("year_to"),
    sort: SORTS.includes(params.get("sort")) ? params.get("sort") : "relevance",
  };
}

export function writeRefinements(state, params) {
  for (const name of REFINEMENTS) {
    const value = state[name];
    if (value && !(name === "sort" && value === "relevance")) params.set(name, value);
  }
}

/** The /api/search parameters of the refinements in `state`. */
export function searchParams(state) {
  const params = {};
  for (const name of REFINEMENTS) if (state[name]) params[name] = state[name];
  return params;
}

/** Active filters as chips, each with a button that removes it. */
export function chips(state, onChange) {
  const active = [];
  if (state.region) active.push(["地区", state.region, { region: "" }]);
  if (state.level) active.push(["层级", state.level, { level: "" }]);
  if (state.year_from || state.year_to) {
    const years = state.year_from === state.year_to
      ? `${state.year_from}年`
      : `${state.year_from || "…"}–${state.year_to || "…"}年`;
    active.push(["年份", years, { year_from: "", year_to: "" }]);
  }
  if (state.issuer) active.push(["发文机关", state.issuer, { issuer: "" }]);
  if (!active.length) return null;
  return h("ul", { class: "chips", "aria-label": "已选筛选条件" },
    active.map(([label, value, removal]) => h("li", { class: "chip" },
      h("span", {}, `${label}：${value}`),
      h("button", { type: "button", class: "remove", "aria-label": `移除筛选 ${label}：${value}`,
                    onclick: () => onChange(removal) }, "×"))),
    active.length > 1
      ? h("li", {}, h("button", { type: "button", class: "clear",
          onclick: () => onChange(Object.fromEntries(active.flatMap(([, , r]) => Object.entries(r)))) },
          "清除全部"))
      : null);
}

/** The facets of the matching passages; choosing a value filters by it. */
export function facetsPanel(facets, state, onChange) {
  const groups = Object.entries(FACET_NAMES).filter(([name]) => facets[name]?.length);
  if (!groups.length) return null;
  return h("aside", { class: "facets", "aria-label": "按条件筛选" },
    groups.map(([name, label]) => h("section", { class: "facet", "data-facet": name },
      h("h3", {}, label),
      h("ul", {}, facets[name].map((entry) => {
        const selected = name === "year"
          ? state.year_from === entry.value && state.year_to === entry.value
          : state[name] === entry.value;
        const change = name === "year" ? { year_from: entry.value, year_to: entry.value } : { [name]: entry.value };
        return h("li", {},
          h("button", { type: "button", class: "facet-value", "aria-pressed": String(selected),
                        "data-value": entry.value, onclick: () => onChange(selected ? {} : change) },
            h("span", { class: "value" }, name === "year" ? `${entry.value}年` : entry.value),
            h("span", { class: "count", title: `${entry.documents} 个方案` }, String(entry.count))));
      })))));
}

export function sortControl(state, onChange) {
  return h("label", { class: "sort" }, "排序：",
    h("select", { name: "sort", onchange: (event) => onChange({ sort: event.target.value }) },
      h("option", { value: "relevance", selected: state.sort === "relevance" }, "相关度"),
      h("option", { value: "date", selected: state.sort === "date" }, "发布日期（新→旧）")));
}
