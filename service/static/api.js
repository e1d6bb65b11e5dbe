// The JSON API: one GET helper, and errors worded for the person at the screen.

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
    this.detail = detail;
  }
}

/** A URL for `path` (relative to the page, so the site also works under a path prefix). */
export function apiUrl(path, params = {}) {
  const url = new URL(path, document.baseURI);
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") url.searchParams.set(name, value);
  }
  return url;
}

export async function getJSON(path, params, signal) {
  let response;
  try {
    response = await fetch(apiUrl(path, params), { signal, headers: { Accept: "application/json" } });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, "");
  }
  if (!response.ok) throw new ApiError(response.status, await detailOf(response));
  return response.json();
}

async function detailOf(response) {
  try {
    const body = await response.json();
    const detail = body.detail;
    return typeof detail === "string" ? detail : JSON.stringify(detail);
  } catch {
    return response.statusText;
  }
}

export function isAbort(error) {
  return error?.name === "AbortError";
}

/** The API's own `detail` is kept verbatim: it names the bad value and how to fix it. */
export function describeError(error) {
  if (!(error instanceof ApiError)) return `页面出错：${error?.message ?? error}`;
  const { status, detail } = error;
  if (status === 0) return "无法连接检索服务，请检查网络后重试。";
  if (status === 422 || status === 400) return `检索条件有误：${detail}`;
  if (status === 404) return `未找到：${detail}`;
  if (status === 503) return `检索服务暂不可用：${detail}`;
  return `检索出错（${status}）：${detail}`;
}
