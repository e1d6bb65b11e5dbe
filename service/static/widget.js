/*
 * The policy-search widget for other sites (and for /embed). On a portal page:
 *
 *   <div id="policy-search"></div>
 *   <script src="http://HOST:PORT/widget.js" data-endpoint="http://HOST:PORT"
 *           data-target="#policy-search"></script>
 *
 * Optional: data-k="5" (results shown), data-q="首席质量官" (search at once).
 * Styles live in a shadow root, so the portal's CSS and the widget's never meet; the API is
 * called cross-origin, so the service must list the portal in POLICY_SEARCH_CORS_ORIGINS.
 * window.PolicySearchWidget.mount(element, {endpoint, k, query}) mounts one by hand.
 */
(() => {
  "use strict";

  const script = document.currentScript;

  const STYLE = `
    :host { all: initial; display: block; box-sizing: border-box; color: #1c2230; font-size: 15px;
      line-height: 1.65; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
      "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; overflow-wrap: anywhere; }
    *, *::before, *::after { box-sizing: inherit; }
    .box { border: 1px solid #d8dde6; border-top: 3px solid #a4161a; border-radius: 8px;
      background: #fff; padding: 12px 14px; }
    .title { margin: 0 0 8px; font-size: 1rem; font-weight: 600; color: #a4161a; }
    form { display: flex; gap: 6px; margin: 0; }
    input { flex: 1; min-width: 0; font: inherit; padding: 6px 10px; border: 2px solid #9aa3b2;
      border-radius: 6px; color: inherit; background: #fff; }
    input:focus { border-color: #1a66d2; }
    button { font: inherit; padding: 6px 16px; border: 0; border-radius: 6px; background: #a4161a;
      color: #fff; cursor: pointer; }
    :focus-visible { outline: 3px solid #1a66d2; outline-offset: 2px; }
    .status { margin: 6px 0 0; min-height: 1.4em; color: #5a6373; font-size: 0.85rem; }
    .error { margin: 6px 0 0; padding: 6px 10px; background: #fbeeee; color: #7c1013;
      border-left: 3px solid #a4161a; }
    ol { list-style: none; margin: 0; padding: 0; }
    li { display: block; padding: 10px 0; border-top: 1px solid #eceff3; }
    li:first-child { border-top: 0; }
    .plan { margin: 0; font-size: 0.95rem; font-weight: 600; }
    .region { display: inline-block; margin-left: 8px; padding: 0 6px; border-radius: 8px;
      background: #eef0f4; color: #5a6373; font-size: 0.78rem; font-weight: normal;
      white-space: nowrap; }
    .crumbs { margin: 2px 0; color: #a4161a; font-size: 0.82rem; }
    .text { margin: 2px 0; display: -webkit-box; -webkit-box-orient: vertical;
      -webkit-line-clamp: 4; line-clamp: 4; overflow: hidden; }
    mark { background: #ffe27a; color: inherit; padding: 0; }
    a { color: #0a4f9c; font-size: 0.85rem; }
    .more { margin: 8px 0 0; text-align: right; }
    [hidden] { display: none !important; }
    .vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
      white-space: nowrap; }
  `;

  const TEMPLATE = `
    <div class="box">
      <p class="title" aria-hidden="true">政策文件检索</p>
      <form role="search">
        <label class="vh" for="q">检索政策文件</label>
        <input id="q" type="search" placeholder="例如：首席质量官制度要求" autocomplete="off"
               enterkeyhint="search">
        <button type="submit">检索</button>
      </form>
      <p class="status" role="status" aria-live="polite"></p>
      <p class="error" role="alert" hidden></p>
      <ol class="results" aria-label="检索结果"></ol>
      <p class="more" hidden><a target="_blank" rel="noopener">在检索页查看全部结果 ›</a></p>
    </div>`;

  function el(tag, className, ...children) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    for (const child of children) if (child != null) element.append(child);
    return element;
  }

  /** The server's highlight HTML, keeping only text and <mark> (parsed in an inert template). */
  function marked(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const copy = (from, to) => {
      for (const node of from.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) to.append(node.data);
        else if (node.nodeName === "MARK") to.append(copy(node, document.createElement("mark")));
        else to.append(node.textContent);
      }
      return to;
    };
    return copy(template.content, document.createDocumentFragment());
  }

  function describe(status, detail, endpoint) {
    if (status === 0) return `无法连接检索服务（${endpoint}），请稍后重试或联系管理员开放跨域访问。`;
    if (status === 422 || status === 400) return `检索条件有误：${detail}`;
    if (status === 503) return `检索服务暂不可用：${detail}`;
    return `检索出错（${status}）：${detail}`;
  }

  function mount(host, options = {}) {
    const endpoint = new URL(options.endpoint || location.href, location.href);
    if (!endpoint.pathname.endsWith("/")) endpoint.pathname += "/";
    const k = options.k || 5;
    const root = host.shadowRoot || host.attachShadow({ mode: "open" });
    root.innerHTML = `<style>${STYLE}</style>${TEMPLATE}`;
    const form = root.querySelector("form");
    const input = root.querySelector("input");
    const status = root.querySelector(".status");
    const error = root.querySelector(".error");
    const list = root.querySelector(".results");
    const more = root.querySelector(".more");
    let controller = null;

    const pageUrl = (params) => {
      const url = new URL(".", endpoint);
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      return url.href;
    };

    function card(hit, query) {
      const heading = el("h3", "plan", hit.doc_title || hit.doc_id);
      if (hit.region) heading.append(el("span", "region", hit.region));
      const link = el("a", null, "在检索页查看上下文");
      link.href = pageUrl({ q: query, passage: hit.passage_id });
      link.target = "_blank";
      link.rel = "noopener";
      return el("li", null,
        heading,
        hit.section.length ? el("p", "crumbs", hit.section.join(" › ")) : null,
        el("p", "text", marked(hit.highlight)),
        link);
    }

    async function search(query) {
      controller?.abort();
      error.hidden = true;
      if (!query) {
        status.textContent = "请输入检索词。";
        return;
      }
      controller = new AbortController();
      const signal = controller.signal;
      const url = new URL("api/search", endpoint);
      url.searchParams.set("q", query);
      url.searchParams.set("k", String(k));
      status.textContent = "正在检索…";
      try {
        const response = await fetch(url, { signal, mode: "cors", credentials: "omit",
                                             headers: { Accept: "application/json" } });
        const body = await response.json().catch(() => ({}));
        if (!response.ok) throw { status: response.status, detail: body.detail ?? response.statusText };
        list.replaceChildren(...body.results.map((hit) => card(hit, query)));
        status.textContent = body.results.length
          ? `找到 ${body.results.length} 个相关段落` : "没有找到相关段落，换个说法试试。";
        more.querySelector("a").href = pageUrl({ q: query });
        more.hidden = !body.results.length;
      } catch (failure) {
        if (signal.aborted) return;
        status.textContent = "";
        list.replaceChildren();
        more.hidden = true;
        error.textContent = describe(failure.status ?? 0, failure.detail, endpoint.origin);
        error.hidden = false;
      }
      options.onSearch?.(query);
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      search(input.value.trim());
    });
    if (options.query) {
      input.value = options.query;
      search(options.query.trim());
    }
    return { search, input };
  }

  function autoMount() {
    const data = script.dataset;
    let host = data.target ? document.querySelector(data.target) : null;
    if (!host && data.target && document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", autoMount, { once: true });
      return;
    }
    if (!host) {
      host = document.createElement("div");
      script.after(host);
    }
    // /embed?q=… searches at once and keeps ?q= in step with the box.
    const fromUrl = "urlQuery" in data;
    mount(host, {
      endpoint: data.endpoint || new URL(".", script.src).href,
      k: Number(data.k) || 5,
      query: data.q || (fromUrl ? new URLSearchParams(location.search).get("q") : "") || "",
      onSearch: fromUrl
        ? (query) => history.replaceState(null, "", `${location.pathname}?${new URLSearchParams({ q: query })}`)
        : null,
    });
  }

  window.PolicySearchWidget = { mount };
  if (script?.src) autoMount();
})();
