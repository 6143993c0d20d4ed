// plenum's page script. It makes and uses the member's key on this device only: every action
// is built here, signed by plenum's own Rust code compiled to WebAssembly, and posted as a
// signed event. Reading pages needs none of this.
"use strict";
(() => {
  const messages = JSON.parse(document.getElementById("messages")?.textContent || "{}");
  const t = (id) => messages[id] || id;
  const toast = document.getElementById("toast");
  const say = (text, error) => {
    toast.className = error ? "toast error" : "toast";
    toast.textContent = text;
    clearTimeout(say.timer);
    say.timer = setTimeout(() => { toast.textContent = ""; }, error ? 9000 : 4000);
  };

  // --- The signing module --------------------------------------------------------------
  let module = null;
  async function wasm() {
    if (module) return module;
    const response = fetch("/assets/plenum.wasm");
    const { instance } = WebAssembly.instantiateStreaming
      ? await WebAssembly.instantiateStreaming(response, {})
      : await WebAssembly.instantiate(await (await response).arrayBuffer(), {});
    module = instance.exports;
    return module;
  }
  async function call(request) {
    const m = await wasm();
    const input = new TextEncoder().encode(JSON.stringify(request));
    const ptr = m.plenum_alloc(input.length);
    new Uint8Array(m.memory.buffer, ptr, input.length).set(input);
    const out = m.plenum_call(ptr, input.length);
    const len = new DataView(m.memory.buffer).getUint32(out, true);
    const answer = JSON.parse(new TextDecoder().decode(new Uint8Array(m.memory.buffer, out + 4, len)));
    m.plenum_free(out, 4 + len);
    if (answer.error) throw new Error(t("js-error-" + answer.error));
    return answer;
  }
  const random = (n) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, "0")).join("");
  const bytes = (hex) => Uint8Array.from(hex.match(/../g) || [], (h) => parseInt(h, 16));

  // --- Who is signed in on this device ---------------------------------------------------
  const identity = () => JSON.parse(localStorage.getItem("plenum.identity") || "null");
  const seed = () => sessionStorage.getItem("plenum.seed");
  function remember(handle, key, sealed, secret) {
    localStorage.setItem("plenum.identity", JSON.stringify({ handle, public: key, sealed }));
    sessionStorage.setItem("plenum.seed", secret);
    document.cookie = `plenum_member=${key}; Path=/; Max-Age=31536000; SameSite=Lax`;
  }
  function forget() {
    localStorage.removeItem("plenum.identity");
    sessionStorage.removeItem("plenum.seed");
    document.cookie = "plenum_member=; Path=/; Max-Age=0; SameSite=Lax";
  }
  function showSignedIn() {
    const signedIn = Boolean(seed() && identity());
    document.querySelectorAll("[data-show]").forEach((el) => {
      el.hidden = el.dataset.show !== (signedIn ? "signed-in" : "signed-out");
      el.querySelectorAll("input").forEach((input) => { input.required = !el.hidden; });
    });
  }

  // --- Talking to the node -----------------------------------------------------------------
  async function api(path, options) {
    let response;
    try {
      response = await fetch(path, options);
    } catch (_) {
      throw new Error(t("js-network"));
    }
    const body = response.status === 204 ? {} : await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(body.message || t("js-network"));
      error.code = body.error;
      throw error;
    }
    return body;
  }
  async function submit(eventHex) {
    return api("/api/events", { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: bytes(eventHex) });
  }
  // Signs `payload` as the next event of the key `secret` in `assembly` and records it.
  async function act(assembly, payload, secret, key) {
    for (let attempt = 0; ; attempt++) {
      const head = await api(`/api/assemblies/${assembly}/head?author=${key}`);
      const signed = await call({ op: "sign", seed: secret, assembly, seq: head.next_seq, time: head.now, deps: head.frontier, payload });
      try {
        return { id: signed.id, receipt: await submit(signed.bytes) };
      } catch (error) {
        // Someone else's event arrived between reading the head and posting: sign again.
        const retry = ["sequence-used", "bad-sequence", "stale"];
        if (attempt < 2 && retry.includes(error.code)) continue;
        throw error;
      }
    }
  }
  function unlocked() {
    const id = identity();
    const secret = seed();
    if (!id || !secret) {
      location.href = `/signin?next=${encodeURIComponent(location.pathname)}`;
      throw new Error(t("js-sign-in-first"));
    }
    return { key: id.public, secret };
  }
  // Fragments reload themselves through htmx (`hx-get`, triggered by "refresh"). A ranking
  // being made is kept unless the reload is forced (the voter's own action, or the close).
  function refresh(selector, force) {
    const el = document.querySelector(selector);
    if (!el || !window.htmx) return;
    if (force) el.dataset.force = "1";
    window.htmx.trigger(el, "refresh");
  }
  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (target.dataset.force) {
      delete target.dataset.force;
      return;
    }
    if (target.querySelector("form[data-action=rank][data-dirty]")) event.detail.shouldSwap = false;
  });
  document.addEventListener("htmx:afterSwap", (event) => {
    localiseTimes(event.detail.target);
    showSignedIn();
  });

  // Seals a new key under the passphrase and asks the node to keep it under the handle.
  async function keepKey(handle, secret, key, passphrase) {
    const sealed = (await call({ op: "seal", seed: secret, passphrase, random: random(40) })).sealed;
    const signature = (await call({ op: "sign_vault", seed: secret, handle, sealed })).signature;
    await api("/api/vault", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ handle, key, sealed, signature }) });
    return sealed;
  }
  async function handleFree(handle) {
    const response = await fetch(`/api/vault/${encodeURIComponent(handle)}`);
    if (response.ok) throw new Error(t("js-handle-taken"));
  }
  // The key to act with: the signed-in one, or a new one sealed under the form's passphrase.
  async function keyForForm(data) {
    if (seed() && identity()) return { ...unlocked(), fresh: null };
    const handle = (data.get("handle") || "").trim();
    const passphrase = data.get("passphrase") || "";
    if (!handle) throw new Error(t("js-handle-needed"));
    if ([...passphrase].length < 10) throw new Error(t("js-error-weak-passphrase"));
    await handleFree(handle);
    const made = await call({ op: "keygen", random: random(32) });
    return { key: made.public, secret: made.seed, fresh: { handle, passphrase } };
  }
  async function adopt(fresh, key, secret) {
    if (!fresh) return;
    const sealed = await keepKey(fresh.handle, secret, key, fresh.passphrase);
    remember(fresh.handle, key, sealed, secret);
  }

  // --- What each form does ------------------------------------------------------------------
  const actions = {
    async join(form, data) {
      const code = data.get("code");
      const invitePublic = (await call({ op: "invite_public", code })).public;
      const invite = await api(`/api/invites/${invitePublic}`);
      const { key, secret, fresh } = await keyForForm(data);
      const proof = (await call({ op: "join_proof", code, assembly: invite.assembly, invite: invite.invite, member: key })).proof;
      await act(invite.assembly, { type: "join", invite: invite.invite, name: data.get("name").trim(), proof }, secret, key);
      await adopt(fresh, key, secret);
      location.href = `/a/${invite.assembly}`;
    },
    async found(form, data) {
      const { key, secret, fresh } = await keyForForm(data);
      const payload = {
        type: "found", name: data.get("assembly_name").trim(), description: data.get("description").trim(),
        parent: data.get("parent") || null, founder_name: data.get("name").trim(), rules: { admission: data.get("admission") },
      };
      const signed = await call({ op: "sign", seed: secret, assembly: null, seq: 1, time: Date.now(), deps: [], payload });
      await submit(signed.bytes);
      await adopt(fresh, key, secret);
      location.href = `/a/${signed.id}`;
    },
    async signin(form, data) {
      const handle = data.get("handle").trim();
      const stored = identity();
      const sealed = stored && stored.handle.toLowerCase() === handle.toLowerCase()
        ? stored.sealed
        : (await api(`/api/vault/${encodeURIComponent(handle)}`)).sealed;
      const opened = await call({ op: "unseal", sealed, passphrase: data.get("passphrase") });
      remember(handle, opened.public, sealed, opened.seed);
      const next = new URLSearchParams(location.search).get("next");
      // Only a path on this node: "//host" and "/\host" would leave it.
      location.href = next && /^\/(?![\/\\])/.test(next) ? next : "/";
    },
    async motion(form, data) {
      const { key, secret } = unlocked();
      const assembly = form.dataset.assembly;
      let kind = data.get("kind");
      if (kind === "election") {
        // Members are named by key; others by name, one per line. Names repeat nowhere.
        const candidates = data.getAll("candidate").map((hex) => {
          const box = form.querySelector(`input[name=candidate][value="${hex}"]`);
          return { name: box.dataset.name, member: hex };
        });
        for (const line of (data.get("named") || "").split("\n")) {
          const name = line.trim();
          if (name) candidates.push({ name, member: null });
        }
        kind = { election: { seats: Number(data.get("seats")), candidates } };
      }
      const payload = { type: "motion", kind, title: data.get("title").trim(), text: data.get("text").trim() };
      const { id } = await act(assembly, payload, secret, key);
      location.href = `/a/${assembly}/m/${id}`;
    },
    async comment(form, data) {
      const { key, secret } = unlocked();
      const payload = { type: "comment", motion: form.dataset.motion, reply_to: form.dataset.replyTo || null, text: data.get("text").trim() };
      await act(form.dataset.assembly, payload, secret, key);
      form.reset();
      await refresh("#debate");
      say(t("js-recorded"));
    },
    async open_ballot(form, data) {
      const { key, secret } = unlocked();
      const [num, den] = data.get("quorum").split("/").map(Number);
      const minutes = Number(data.get("minutes") || 0);
      const head = await api(`/api/assemblies/${form.dataset.assembly}/head`);
      // An election is ranked; the convenor signs how many candidates the ballot paper has.
      const method = form.dataset.candidates
        ? { ranked: { rule: data.get("rule"), candidates: Number(form.dataset.candidates) } }
        : "yes_no_abstain";
      // A secret ballot names its trustees and how many of them must decrypt.
      const mode = data.get("secret")
        ? { secret: { trustees: data.getAll("trustee"), threshold: Number(data.get("trustees_needed")) } }
        : "open";
      const payload = {
        type: "open_ballot", motion: form.dataset.motion, mode, method,
        quorum: { num, den }, threshold: data.get("threshold") || "simple_majority", closes_at: minutes ? head.now + minutes * 60000 : null,
      };
      await act(form.dataset.assembly, payload, secret, key);
      await refresh("#ballot");
      say(t("js-recorded"));
    },
    async vote(form, data, submitter) {
      const { key, secret } = unlocked();
      const choice = submitter ? submitter.value : data.get("choice");
      await act(form.dataset.assembly, { type: "vote", ballot: form.dataset.ballot, mark: { choice } }, secret, key);
      await refresh("#ballot");
      say(t("js-vote-recorded"));
    },
    async nominate(form, data) {
      const { key, secret } = unlocked();
      const select = form.querySelector("select[name=member]");
      const candidate = select
        ? { name: select.selectedOptions[0].dataset.name, member: select.value }
        : { name: data.get("name").trim(), member: null };
      await act(form.dataset.assembly, { type: "nominate", motion: form.dataset.motion, candidate }, secret, key);
      await refresh("#ballot");
      say(t("js-nominated"));
    },
    async rank(form) {
      const { key, secret } = unlocked();
      const ranking = [...form.querySelectorAll("[data-ranked] > li")].map((li) => Number(li.dataset.candidate));
      await act(form.dataset.assembly, { type: "vote", ballot: form.dataset.ballot, mark: { ranking } }, secret, key);
      refresh("#ballot", true);
      say(t("js-ranking-recorded"));
    },
    async close_ballot(form) {
      if (form.dataset.confirm && !confirm(form.dataset.confirm)) return;
      const { key, secret } = unlocked();
      await act(form.dataset.assembly, { type: "close_ballot", ballot: form.dataset.ballot }, secret, key);
      refresh("#ballot", true);
    },
    // A secret vote: encrypted and proved here; "check my device" opens the ballot instead.
    async secret_vote(form, data, submitter) {
      const { key, secret } = unlocked();
      const choice = data.get("choice");
      const ticks = [[choice === "yes", choice === "no"]];
      const d = form.dataset;
      const made = await call({ op: "encrypt", setup: d.setup, key: d.key, voter: key, choices: ticks, random: random(32) });
      const result = document.querySelector("[data-audit-result]");
      if (submitter && submitter.value === "audit") {
        let text;
        try {
          const opened = await call({ op: "audit", setup: d.setup, key: d.key, voter: key, ballot: made.ballot, reveal: made.reveal });
          const [yes, no] = opened.choices[0];
          const label = yes ? t("js-choice-yes") : no ? t("js-choice-no") : t("js-blank");
          const fits = (yes === ticks[0][0]) && (no === ticks[0][1]);
          text = fits ? `${t("js-audit-ok")} ${label}` : t("js-audit-failed");
          result.className = fits ? "audit ok" : "audit failed";
        } catch (_) {
          text = t("js-audit-failed");
          result.className = "audit failed";
        }
        result.textContent = text;
        result.hidden = false;
        say(text, result.className.includes("failed"));
        return;
      }
      await act(d.assembly, { type: "vote", ballot: d.ballot, mark: { encrypted: made.ballot } }, secret, key);
      localStorage.setItem(`plenum.tracker.${d.ballot}`, made.tracker);
      if (result) result.hidden = true;
      showTracker();
      say(`${t("js-secret-cast")} ${made.tracker.slice(0, 16)}…`);
    },
    // A trustee's step: commit, deal, check, or decrypt its share of the sealed total.
    async trustee(form) {
      const { key, secret } = unlocked();
      const d = form.dataset;
      const common = { seed: secret, setup: d.setup, trustee: Number(d.trustee) };
      const commits = (d.commits || "").split(" ").filter(Boolean);
      const deals = (d.deals || "").split(" ").filter(Boolean);
      let payload;
      if (d.step === "commit") {
        payload = { type: "dkg_commit", ballot: d.ballot, commit: (await call({ op: "trustee_commit", ...common })).commit };
      } else if (d.step === "deal") {
        payload = { type: "dkg_deal", ballot: d.ballot, deal: (await call({ op: "trustee_deal", ...common, commits, random: random(32) })).deal };
      } else if (d.step === "check") {
        const made = await call({ op: "trustee_check", ...common, commits, deals, random: random(32) });
        payload = { type: "dkg_check", ballot: d.ballot, complaints: made.complaints };
      } else {
        const made = await call({ op: "trustee_decrypt", ...common, commits, deals, complaints: d.complaints, key: d.key, tally: d.tally, random: random(32) });
        payload = { type: "decrypt", ballot: d.ballot, partial: made.partial };
      }
      await act(d.assembly, payload, secret, key);
      refresh("#ballot", true);
      say(t(d.step === "decrypt" ? "js-decrypted" : "js-ceremony-done"));
    },
    async ceremony(form) {
      const { key, secret } = unlocked();
      await act(form.dataset.assembly, { type: "ceremony", ballot: form.dataset.ballot, step: form.dataset.step }, secret, key);
      refresh("#ballot", true);
      say(t("js-recorded"));
    },
    async seal(form) {
      if (form.dataset.confirm && !confirm(form.dataset.confirm)) return;
      const { key, secret } = unlocked();
      const d = form.dataset;
      const payload = { type: "seal", ballot: d.ballot, ballots: Number(d.ballots), weight: Number(d.weight), digest: d.digest, tally: d.tally };
      await act(d.assembly, payload, secret, key);
      refresh("#ballot", true);
      say(t("js-recorded"));
    },
    async invite(form, data) {
      const { key, secret } = unlocked();
      const made = await call({ op: "invite", random: random(10) });
      const head = await api(`/api/assemblies/${form.dataset.assembly}/head`);
      const days = Math.max(1, Math.min(365, Number(data.get("days"))));
      const payload = { type: "invite", key: made.public, uses: Number(data.get("uses")), expires: head.now + days * 86400000 };
      await act(form.dataset.assembly, payload, secret, key);
      const box = document.getElementById("invitation");
      const link = `${location.origin}/join?code=${made.code}`;
      box.querySelector("[data-invite-code]").textContent = made.code;
      const a = box.querySelector("[data-invite-link]");
      a.href = link;
      a.textContent = link;
      box.hidden = false;
      box.scrollIntoView({ block: "nearest" });
    },
    // A convenor asks the node to add, remove or sync with a peer, signed on this device.
    async peer(form, data) {
      const { key, secret } = unlocked();
      const action = form.dataset.peerAction;
      const url = (data.get("url") || form.dataset.url || "").trim();
      const { now } = await api("/api/clock");
      const { signature } = await call({ op: "sign_peers", seed: secret, action, url, time: now });
      const result = await api("/api/peers", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ action, url, key, time: now, signature }),
      });
      if (action === "sync" && !result.ok) {
        say(`${t("js-sync-failed")} ${result.error || ""}`, true);
        return;
      }
      say(t(action === "sync" ? "js-synced" : "js-recorded"));
      setTimeout(() => location.reload(), 800);
    },
    // Imports a bundle carried from another node; the node checks every event.
    async bundle_upload(form, data) {
      const file = data.get("bundle");
      const body = await file.arrayBuffer();
      const r = await api("/api/bundle", { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body });
      const counts = `${r.stored} / ${r.held} / ${r.refused}`;
      say(`${t(r.complete ? "js-bundle-imported" : "js-bundle-truncated")} ${counts}`, !r.complete || r.refused > 0);
      form.reset();
    },
  };

  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-action]");
    if (!form) return;
    event.preventDefault();
    const action = actions[form.dataset.action];
    if (!action) return;
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => { b.disabled = true; });
    say(t("js-working"));
    try {
      await action(form, new FormData(form), event.submitter);
    } catch (error) {
      say(error.message, true);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
      if (form.dataset.action === "rank" && form.isConnected) rankUpdate(form);
      if (toast.textContent === t("js-working")) toast.textContent = "";
    }
  });

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-sign-out]")) {
      forget();
      location.href = "/";
    }
    const move = event.target.closest("[data-move]");
    if (move) rankMove(move);
  });

  // --- Ranking candidates: buttons, never dragging, so it works by touch, keyboard and
  // screen reader alike. The ranked list's order is the ballot.
  function rankMove(button) {
    const item = button.closest("li");
    const form = button.closest("form");
    const ranked = form.querySelector("[data-ranked]");
    const unranked = form.querySelector("[data-unranked]");
    const how = button.dataset.move;
    form.dataset.dirty = "1";
    let focus = how;
    if (how === "add") {
      const next = item.nextElementSibling || item.previousElementSibling;
      ranked.append(item);
      focus = null;
      const target = next && next.querySelector("[data-move=add]");
      rankUpdate(form);
      (target || form.querySelector("button.cast")).focus();
    } else if (how === "remove") {
      const next = item.nextElementSibling || item.previousElementSibling;
      unranked.append(item);
      rankUpdate(form);
      const target = next && next.querySelector("[data-move=remove]");
      (target || item.querySelector("[data-move=add]")).focus();
      focus = null;
    } else if (how === "up" && item.previousElementSibling) {
      item.previousElementSibling.before(item);
    } else if (how === "down" && item.nextElementSibling) {
      item.nextElementSibling.after(item);
    }
    if (focus) {
      rankUpdate(form);
      const again = item.querySelector(`[data-move=${focus}]`);
      (again && !again.disabled ? again : item.querySelector("[data-move=remove]")).focus();
    }
    const place = [...ranked.children].indexOf(item);
    say(`${item.dataset.name}: ${place >= 0 ? `${t("js-rank-position")} ${place + 1}` : t("js-rank-out")}`);
  }
  function rankUpdate(form) {
    const items = [...form.querySelectorAll("[data-ranked] > li")];
    items.forEach((li, i) => {
      li.querySelector("[data-move=up]").disabled = i === 0;
      li.querySelector("[data-move=down]").disabled = i === items.length - 1;
    });
    form.querySelectorAll("[data-unranked] > li").forEach((li) => {
      li.querySelectorAll("[data-move=up], [data-move=down]").forEach((b) => { b.disabled = false; });
    });
    const empty = form.querySelector("[data-ranking-empty]");
    if (empty) empty.hidden = items.length > 0;
  }
  document.querySelectorAll("form[data-action=rank]").forEach(rankUpdate);
  document.addEventListener("htmx:afterSwap", (event) => {
    event.detail.target.querySelectorAll("form[data-action=rank]").forEach(rankUpdate);
  });

  // --- Times in the reader's own zone and language ---------------------------------------
  // Where the browser has no calendar data for the page's language (Kazakh, in some builds),
  // the numeric form used in Kazakhstan: 23.11.2026, 14:14.
  const lang = document.documentElement.lang || undefined;
  // A build without the data names November "M11".
  const known = !/^M\d+$/.test(new Intl.DateTimeFormat(lang, { month: "long" }).format(new Date(2026, 10, 1)));
  const two = (n) => String(n).padStart(2, "0");
  const format = known
    ? new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format
    : (d) => `${two(d.getDate())}.${two(d.getMonth() + 1)}.${d.getFullYear()}, ${two(d.getHours())}:${two(d.getMinutes())}`;
  function localiseTimes(root) {
    root.querySelectorAll("time[datetime]").forEach((el) => {
      const d = new Date(el.getAttribute("datetime"));
      if (!isNaN(d)) el.textContent = format(d);
    });
  }

  // --- Live updates while a ballot or debate is on screen ---------------------------------
  function listen() {
    const ballot = document.getElementById("ballot");
    if (!ballot || !ballot.dataset.live || !window.EventSource) return;
    const motion = ballot.dataset.motion;
    const source = new EventSource(ballot.dataset.live);
    source.addEventListener("change", (message) => {
      const change = JSON.parse(message.data);
      if (change.reload) { refresh("#ballot"); refresh("#debate"); return; }
      if (!change.motions.includes(motion)) return;
      const figures = change.ballots.find((b) => b.motion === motion);
      const shownOpen = Boolean(ballot.querySelector("form.vote, [data-action=close_ballot]"));
      // A ranking being made is never replaced under the voter's fingers, except when the
      // ballot closes.
      const busy = Boolean(ballot.querySelector("form[data-action=rank][data-dirty]"));
      if (figures && figures.open && (shownOpen || !ballot.querySelector(".result"))) {
        for (const field of ["yes", "no", "abstain", "turnout"]) {
          const el = ballot.querySelector(`[data-tally=${field}]`);
          if (el) el.textContent = figures[field];
        }
        const bar = ballot.querySelector(".bar span");
        if (bar) bar.style.width = `${figures.percent}%`;
        if (change.kinds.includes("open_ballot") && !busy) refresh("#ballot");
      } else if (figures && !figures.open) {
        refresh("#ballot", true);
      } else if (!busy && change.kinds.some((k) => ["open_ballot", "close_ballot", "vote", "nominate", "dkg_commit", "dkg_deal", "dkg_check", "ceremony", "seal", "decrypt"].includes(k))) {
        refresh("#ballot");
      }
      if (change.kinds.includes("comment")) refresh("#debate");
    });
  }

  // --- The voter's ballot tracker, kept on this device -------------------------------------
  function showTracker() {
    document.querySelectorAll("[data-tracker-box]").forEach((box) => {
      const tracker = localStorage.getItem(`plenum.tracker.${box.dataset.ballot}`);
      if (!tracker) return;
      box.querySelector("[data-my-tracker]").textContent = tracker;
      box.hidden = false;
    });
    // On the list of counted ballots: mark this device's own.
    const found = document.querySelector("[data-tracker-found]");
    if (found) {
      const mine = Object.keys(localStorage).filter((k) => k.startsWith("plenum.tracker.")).map((k) => localStorage.getItem(k));
      document.querySelectorAll("[data-tracker]").forEach((code) => {
        if (mine.includes(code.dataset.tracker)) {
          code.classList.add("mine");
          found.hidden = false;
        }
      });
    }
  }
  document.addEventListener("htmx:afterSwap", showTracker);

  showSignedIn();
  localiseTimes(document);
  showTracker();
  listen();
})();
