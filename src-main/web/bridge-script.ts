import { EVENT_NAMES, METHOD_NAMES } from '../contract';

/**
 * The init script the browser shell serves as /lenden-bridge.js. It defines `window.lenden`
 * with exactly the contract's method names plus `on(event, cb)`, the same shape as the
 * Electron preload (LendenBridge), carried over the loopback WebSocket at /bridge.
 *
 * The token travels in the page URL's fragment (#token=...), which browsers never send to a
 * server, so this script holds no secret and a page from another origin that includes it
 * learns nothing. It is kept in sessionStorage so a reload stays connected.
 */
export function bridgeScript(): string {
  return `(() => {
  'use strict';
  const METHODS = ${JSON.stringify(METHOD_NAMES)};
  const EVENTS = ${JSON.stringify(EVENT_NAMES)};
  const KEY = 'lenden.bridge.token';
  const hash = new URLSearchParams(location.hash.slice(1));
  let token = hash.get('token');
  if (token) {
    sessionStorage.setItem(KEY, token);
    hash.delete('token');
    const rest = hash.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
  } else {
    token = sessionStorage.getItem(KEY) || '';
  }
  const offline = (message) => ({ ok: false, error: { code: 'OFFLINE', message } });
  const pending = new Map();
  const listeners = new Map();
  const queue = [];
  let socket = null;
  let nextId = 1;
  let retryMs = 250;

  function connect() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/bridge?token=' + encodeURIComponent(token);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      while (queue.length) ws.send(queue.shift());
    };
    ws.onmessage = (msg) => {
      let data;
      try { data = JSON.parse(msg.data); } catch { return; }
      if (data && typeof data.event === 'string') {
        for (const cb of listeners.get(data.event) || []) {
          try { cb(data.payload); } catch (e) { console.error('lenden listener failed', e); }
        }
        return;
      }
      const waiter = data && pending.get(data.id);
      if (waiter) { pending.delete(data.id); waiter(data.result); }
    };
    ws.onclose = () => {
      socket = null;
      for (const [id, waiter] of pending) { pending.delete(id); waiter(offline('Lost the connection to the Lenden host.')); }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }

  function call(method, input) {
    return new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      const frame = JSON.stringify({ id, method, input: input === undefined ? {} : input });
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(frame);
      else queue.push(frame);
    });
  }

  const api = {};
  for (const name of METHODS) api[name] = (input) => call(name, input);
  api.on = (event, cb) => {
    if (!EVENTS.includes(event) || typeof cb !== 'function') return () => {};
    let set = listeners.get(event);
    if (!set) { set = new Set(); listeners.set(event, set); }
    set.add(cb);
    return () => { set.delete(cb); };
  };
  Object.defineProperty(window, 'lenden', { value: Object.freeze(api), writable: false, configurable: false, enumerable: true });
  connect();
})();
`;
}
