// The targets view: a metric × plan table of numeric targets, and its CSV download.

import { apiUrl } from "./api.js";
import { formatMs, h } from "./dom.js";

/** The target as the plan writes it (2027年达到98.2%以上); the server writes it once for all. */
export function targetLabel(target) {
  return target.written;
}

export function targetsView({ targets, query, region, contextLink }) {
  const csv = h("a", { class: "download", href: apiUrl("api/targets.csv", { q: query, region }).href,
                       download: "targets.csv" }, "下载 CSV");
  if (!targets.groups.length) {
    return [h("div", { class: "toolbar" }, csv),
            h("p", { class: "empty" }, "没有找到相关的目标指标。")];
  }
  const plans = targets.plans;
  const cue = h("p", { class: "scroll-cue", hidden: true }, `← 左右滑动查看全部 ${plans.length} 个方案 →`);
  const wrap = h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "目标指标表（可横向滚动）" },
      h("table", { class: "targets", style: `--plans: ${plans.length}` },
        h("caption", { class: "visually-hidden" }, "各方案的目标指标：行为指标，列为方案"),
        h("thead", {}, h("tr", {},
          h("th", { scope: "col" }, "指标"),
          plans.map((plan) => h("th", { scope: "col", "data-doc-id": plan.doc_id },
            h("span", { class: "plan" }, plan.doc_title || plan.doc_id),
            plan.region ? h("span", { class: "region" }, plan.region) : null)))),
        h("tbody", {}, targets.groups.map((group) => h("tr", { "data-metric": group.metric },
          h("th", { scope: "row" }, group.metric),
          plans.map((plan) => cell(group, group.targets.filter((t) => t.doc_id === plan.doc_id),
                                   contextLink)))))));
  // The cue shows only while some plan columns are out of sight (a phone, a narrow window).
  new ResizeObserver(() => { cue.hidden = wrap.scrollWidth <= wrap.clientWidth + 1; }).observe(wrap);
  return [
    h("div", { class: "toolbar" },
      h("p", {}, `共 ${targets.groups.length} 项指标，悬停或聚焦数值可看原句，点击查看上下文。`), csv),
    cue,
    wrap,
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
      // Shown as published, flagged, and the source sentence one click away.
      const flag = target.implausible
        ? h("span", { class: "flag", role: "note", title: target.implausible }, "疑似录入错误")
        : null;
      return h("span", { class: target.implausible ? "target implausible" : "target" }, link, flag);
    }));
}

export function targetsStatus(targets) {
  return `${targets.targets.length} 个目标值，${targets.plans.length} 个方案（用时 ${formatMs(targets.took_ms)} 毫秒）`;
}
