// 管理: upload, list and remove plans with the admin token, and follow the build they start.
// The token is kept in sessionStorage only: it is gone when the browser tab is closed.

import { ApiError, describeError, getJSON } from "./api.js";
import { h } from "./dom.js";
import { planUrl } from "./plans.js";

const TOKEN_KEY = "policy-search-admin-token";
const POLL_MS = 1000;
const STAGES = { "reading the corpus": "读取文件", tokenizing: "分词", "embedding passages": "段落向量化",
                 "embedding sentences": "句子向量化", "writing the index": "写入索引", done: "完成",
                 failed: "失败" };

export class AdminPanel {
  constructor(dialog, opener, { onBuilt }) {
    this.dialog = dialog;
    this.onBuilt = onBuilt;
    this.body = dialog.querySelector(".admin-body");
    this.polling = null;
    opener.addEventListener("click", () => this.open(opener));
    dialog.querySelector("[data-close]").addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => { clearTimeout(this.polling); this.opener?.focus(); });
  }

  get token() {
    return sessionStorage.getItem(TOKEN_KEY) ?? "";
  }

  open(opener) {
    this.opener = opener;
    if (!this.dialog.open) this.dialog.showModal();
    if (this.token) this.showManagement(); else this.showLogin();
  }

  showLogin(message = "") {
    const input = h("input", { type: "password", id: "admin-token", name: "token", autocomplete: "off",
                               required: true, spellcheck: "false" });
    const form = h("form", { class: "admin-login" },
      h("label", { for: "admin-token" }, "管理令牌（POLICY_SEARCH_ADMIN_TOKEN）"),
      h("div", { class: "row" }, input, h("button", { type: "submit", class: "primary" }, "进入")),
      h("p", { class: "hint" }, "令牌只保存在本浏览器标签页的会话中，关闭标签页即清除。"),
      message ? h("p", { class: "error", role: "alert" }, message) : null);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      this.showManagement();
    });
    this.body.replaceChildren(form);
    input.focus();
  }

  async request(method, path, body) {
    const response = await fetch(new URL(path, document.baseURI), {
      method, body, headers: { Authorization: `Bearer ${this.token}`, Accept: "application/json" },
    });
    const data = await response.json().catch(() => ({ detail: response.statusText }));
    if (!response.ok) throw new ApiError(response.status, data.detail);
    return data;
  }

  async showManagement() {
    let status;
    try {
      status = await this.request("GET", "api/builds/current");
    } catch (error) {
      if (error.status === 401 || error.status === 403) sessionStorage.removeItem(TOKEN_KEY);
      this.showLogin(error.status === 401 || error.status === 403 ? error.detail : describeError(error));
      return;
    }
    const { documents } = await getJSON("api/documents");
    this.buildLine = h("p", { class: "build", role: "status", "aria-live": "polite" });
    this.message = h("p", { class: "admin-message", role: "alert", hidden: true });
    this.body.replaceChildren(
      this.uploadForm(), this.message,
      h("h3", {}, "构建进度"), this.buildLine,
      h("h3", {}, `已收录方案（${documents.length} 份）`),
      h("ul", { class: "admin-plans" }, documents.map((plan) => h("li", { "data-doc-id": plan.doc_id },
        h("a", { href: planUrl(plan.doc_id) }, plan.title || plan.doc_id),
        h("span", { class: "source" }, plan.source),
        h("button", { type: "button", class: "remove", onclick: () => this.remove(plan) }, "删除")))),
      h("p", {}, h("button", { type: "button", class: "logout", onclick: () => {
        sessionStorage.removeItem(TOKEN_KEY);
        this.showLogin();
      } }, "退出管理")));
    this.showBuild(status);
  }

  uploadForm() {
    const file = h("input", { type: "file", name: "file", id: "admin-file", required: true,
                              accept: ".txt,.html,.htm,.docx,.pdf" });
    const region = h("input", { type: "text", name: "region", id: "admin-region", placeholder: "可选，如 重庆市合川区" });
    const replace = h("input", { type: "checkbox", name: "replace", id: "admin-replace" });
    const form = h("form", { class: "admin-upload" },
      h("h3", {}, "上传方案"),
      h("label", { for: "admin-file" }, "文件（.txt、.html、.docx、.pdf）"), file,
      h("label", { for: "admin-region" }, "地区"), region,
      h("label", { class: "check" }, replace, "替换同名方案"),
      h("button", { type: "submit", class: "primary" }, "上传"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData();
      data.append("file", file.files[0]);
      if (region.value.trim()) data.append("meta", JSON.stringify({ region: region.value.trim() }));
      await this.act(() => this.request("POST", `api/documents${replace.checked ? "?replace=true" : ""}`, data),
        (done) => `已上传 ${done.file}（${done.title ?? "未识别标题"}，${done.passages} 段），正在构建索引…`);
    });
    return form;
  }

  remove(plan) {
    if (!window.confirm(`确定从检索中删除《${plan.title || plan.doc_id}》？`)) return;
    this.act(() => this.request("DELETE", `api/documents/${encodeURIComponent(plan.doc_id)}`),
      () => `已删除 ${plan.title || plan.doc_id}，正在构建索引…`);
  }

  async act(call, describe) {
    this.message.hidden = true;
    try {
      const done = await call();
      this.say(describe(done), false);
      this.showBuild(done.build);
    } catch (error) {
      this.say(error instanceof ApiError && error.status ? error.detail : describeError(error), true);
    }
  }

  say(text, isError) {
    this.message.textContent = text;
    this.message.classList.toggle("error", isError);
    this.message.hidden = false;
  }

  showBuild(status) {
    clearTimeout(this.polling);
    this.buildLine.dataset.state = status.state;
    this.buildLine.textContent = buildText(status);
    if (status.state === "queued" || status.state === "running") {
      this.polling = setTimeout(async () => {
        try {
          this.showBuild(await this.request("GET", "api/builds/current"));
        } catch (error) {
          this.buildLine.textContent = describeError(error);
        }
      }, POLL_MS);
    } else if (status.state === "succeeded" && this.waiting) {
      this.waiting = false;
      this.onBuilt();
      if (this.dialog.open) this.showManagement();
    }
    if (status.state === "queued" || status.state === "running") this.waiting = true;
  }
}

function buildText(status) {
  const stage = STAGES[status.stage] ?? status.stage ?? "";
  switch (status.state) {
    case "idle": return "暂无构建任务。";
    case "queued": return "排队中：等待上一次构建完成。";
    case "running": return `构建中：${stage}${status.total ? ` ${status.done}/${status.total}` : ""}`;
    case "succeeded":
      return `构建完成：${status.documents} 份方案、${status.passages} 段；本次向量化 ${status.embedded} 段`
        + `${status.sentences_embedded ? `（另 ${status.sentences_embedded} 句）` : ""}，复用 ${status.reused} 段（${status.seconds} 秒）。`;
    case "failed": return `构建失败，仍使用上一版索引：${status.error}`;
    default: return status.state;
  }
}
