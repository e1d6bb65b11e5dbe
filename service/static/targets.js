// The targets view: a metric × plan table of numeric targets, and its CSV download.

import { apiUrl } from "./api.js";
import { formatMs, h } from "./dom.js";

/** 98.2% · 2027年 · 达到 */
export function targetLabel(target) {
  return [
    `${target.value}${target.unit ?? ""}`,
    target.year ? `${target.year}年` : null,
    target.comparator || null,
  ].filter(Boolean).join(" · ");
}

export function targetsView({ targets, query, region, contextLink }) {
  const csv = h("a", { class: "download", href: apiUrl("api/targets.csv", { q: query, region }).href,
                       download: "targets.csv" }, "下载 CSV");
  if (!targets.groups.length) {
    return [h("div", { class: "toolbar" }, csv),
            h("p", { class: "empty" }, "没有找到相关的目标指标。")];
  }
  const plans = targets.plans;
  return [
    h("div", { class: "toolbar" },
      h("p", {}, `共 ${targets.groups.length} 项指标，悬停或聚焦数值可看原句，点击查看上下文。`), csv),
    h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "目标指标表（可横向滚动）" },
      h("table", { class: "targets" },
        h("caption", { class: "visually-hidden" }, "各方案的目标指标：行为指标，列为方案"),
        h("thead", {}, h("tr", {},
          h("th", { scope: "col" }, "指标"),
          plans.map((plan) => h("th", { scope: "col", "data-doc-id": plan.doc_id },
            h("span", { class: "plan" }, plan.doc_title || plan.doc_id),
            plan.region ? h("span", { class: "region" }, plan.region) : null)))),
        h("tbody", {}, targets.groups.map((group) => h("tr", { "data-metric": group.metric },
          h("th", { scope: "row" }, group.metric),
          plans.map((plan) => cell(group, group.targets.filter((t) => t.doc_id === plan.doc_id),
                                   contextLink))))))),
  ];
}

function cell(group, targets, contextLink) {
  if (!targets.length) return h("td", { class: "none" }, h("span", { "aria-label": "无" }, "—"));
  return h("td", { title: targets.map((t) => t.text).join("\n") },
    targets.map((target) => {
      const link = contextLink(target.passage_id, h("span", { class: "value" }, targetLabel(target)));
      link.title = target.text;
      // A row gathers similar metrics; name the plan's own wording when it differs.
      if (target.metric !== group.metric) link.prepend(h("span", { class: "metric" }, target.metric));
      return h("span", { class: "target" }, link);
    }));
}

export function targetsStatus(targets) {
  return `${targets.targets.length} 个目标值，${targets.plans.length} 个方案（用时 ${formatMs(targets.took_ms)} 毫秒）`;
}
