"""The blind corpus: chat widgets reconstructed from public sources, each committed before the probe first ran on it.

``outcome`` is what the scripted shop does; ``expect`` what a person watching would report:
``answered`` (a person, latency measured), ``auto`` (auto-reply or bot only), ``silence`` (nothing),
``email`` (offline: continued by e-mail). ``mount``: page | iframe | xorigin | shadow.
Sources name the public markup each widget was rebuilt from (class names, structure, embed code);
no file was pasted whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXPECT = {
    "greet_human": "answered",
    "bot_human": "answered",
    "prechat_human": "answered",
    "bot_only": "auto",
    "auto_only": "auto",
    "silence": "silence",
    "offline_email": "email",
}


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    mount: str
    lang: str
    outcome: str
    source: str
    agent: str = "Мария"
    distractors: tuple[str, ...] = ()
    vendor: str = "unknown"  # what `discover` should say
    batch: int = 1
    index: int = 0
    notes: str = field(default="", compare=False)

    @property
    def cross_origin(self) -> bool:
        return self.mount == "xorigin"

    @property
    def expect(self) -> str:
        return EXPECT[self.outcome]


_ROWS: list[tuple[str, str, str, str, str, str, dict[str, object]]] = [
    # id, file, mount, lang, outcome, source, extra
    (
        "rcw",
        "rcw.js",
        "page",
        "en",
        "greet_human",
        "npm react-chat-widget 3.1.4 used as published (lib/index.js UMD, MIT; React 17 UMD builds), vendor/ folder",
        {"agent": "Kate"},
    ),
    (
        "woot",
        "woot.js",
        "xorigin",
        "ru",
        "bot_human",
        "chatwoot/chatwoot: app/javascript/sdk (woot-widget-bubble, woot-widget-holder iframe) and widget views (chat-bubble user/agent)",
        {"distractors": ("cookie",)},
    ),
    (
        "rocket",
        "rocket.js",
        "iframe",
        "en",
        "prechat_human",
        "RocketChat/Rocket.Chat.Livechat: rocketchat-widget iframe, screen/message-list/composer components, registration form",
        {"agent": "John"},
    ),
    (
        "zammad",
        "zammad.js",
        "page",
        "uk",
        "auto_only",
        "zammad/zammad: public/assets/chat/chat.coffee + chat.css (zammad-chat, -header, -message--agent/--customer, -input, -send)",
        {"agent": "Олена"},
    ),
    (
        "tiledesk",
        "tiledesk.js",
        "xorigin",
        "en",
        "bot_human",
        "Tiledesk/tiledesk-dashboard widget embed (#tiledesk-container, #tiledeskiframe) and chat21-web-widget (c21-*, msg_sent/msg_receive)",
        {"agent": "Mike"},
    ),
    (
        "papercups",
        "papercups.js",
        "iframe",
        "ru",
        "greet_human",
        "papercups-io/chat-widget: toggle button container, chat window iframe created on first open, 'Start typing...' textarea",
        {"distractors": ("totop",)},
    ),
    (
        "chatscope",
        "chatscope.js",
        "shadow",
        "uk",
        "bot_human",
        "chatscope/chat-ui-kit-styles: cs-main-container, cs-message-list, cs-message--incoming/outgoing, cs-message-input__content-editor, cs-button--send",
        {"agent": "Ірина"},
    ),
    (
        "botui",
        "botui.js",
        "page",
        "ru",
        "bot_only",
        "botui/botui 0.3: botui-app-container, botui-messages-container, botui-message-content human, botui-actions-text-input, buttons",
        {},
    ),
    (
        "tawklike",
        "tawklike.js",
        "iframe",
        "ru",
        "bot_human",
        "tawk.to embed: Tawk_API callbacks (developer.tawk.to/jsapi), widget UI in script-written iframes (no src)",
        {"vendor": "tawk", "agent": "Алексей"},
    ),
    (
        "jivolike",
        "jivolike.js",
        "page",
        "ru",
        "greet_human",
        "Jivo widget API (jivo.ru/docs/widget): jivo_api, jivo_on* callbacks, jdiv elements with hashed classes",
        {"vendor": "jivo", "agent": "Ольга"},
    ),
    (
        "crisplike",
        "crisplike.js",
        "page",
        "en",
        "offline_email",
        "Crisp web SDK $crisp queue (docs.crisp.chat), crisp-client container; offline asks for an e-mail",
        {"vendor": "crisp", "agent": "Sam"},
    ),
    (
        "multibtn",
        "multibtn.js",
        "page",
        "ru",
        "greet_human",
        "multi-channel contact button of RU shops (Envybox/Bitrix-style): one round button opens chat, callback and messenger links",
        {"distractors": ("cookie",)},
    ),
    (
        "walink",
        "walink.js",
        "page",
        "en",
        "silence",
        "icon-only launcher beside a fixed WhatsApp link (wa.me) in the other corner, as on many small shops",
        {"distractors": ("whatsapp",)},
    ),
    (
        "cookieicon",
        "cookieicon.js",
        "page",
        "ru",
        "auto_only",
        "icon-only SVG launcher (no words anywhere) with a fixed cookie bar along the bottom",
        {"distractors": ("cookie",)},
    ),
    (
        "lefttab",
        "lefttab.js",
        "page",
        "uk",
        "greet_human",
        "bottom-left pill 'Є питання?' with a scroll-to-top arrow bottom-right",
        {"distractors": ("totop",), "agent": "Олег"},
    ),
    (
        "onscroll",
        "onscroll.js",
        "page",
        "en",
        "greet_human",
        "lazy loader: widget script injected on first scroll (a common page-speed trick)",
        {"agent": "Lucy"},
    ),
    (
        "late6s",
        "late6s.js",
        "page",
        "ru",
        "bot_human",
        "widget loaded by a 6 s timer after load (requestIdleCallback/setTimeout loaders)",
        {},
    ),
    (
        "autoopen",
        "autoopen.js",
        "page",
        "uk",
        "greet_human",
        "panel that opens by itself 2 s after load with the operator's greeting (proactive invitation)",
        {"agent": "Наталія"},
    ),
    (
        "textinput",
        "textinput.js",
        "page",
        "ru",
        "greet_human",
        "<input type=text> composer with a 'Отправить' button; Enter does nothing (button only)",
        {},
    ),
    (
        "lexical",
        "lexical.js",
        "page",
        "en",
        "bot_human",
        "div[contenteditable][role=textbox] editor (Lexical/Slate-style, data-lexical-editor) with an icon send button",
        {"agent": "Dan"},
    ),
    (
        "enternl",
        "enternl.js",
        "xorigin",
        "ru",
        "greet_human",
        "textarea where Enter adds a new line and only an unlabelled SVG button sends (Intercom-like composer)",
        {},
    ),
    (
        "nestshadow",
        "nestshadow.js",
        "shadow",
        "uk",
        "silence",
        "custom element with an open shadow root holding another custom element (Lit-style nested components)",
        {},
    ),
    (
        "shadowframe",
        "shadowframe.js",
        "shadow",
        "ru",
        "greet_human",
        "open shadow root hosting the launcher and an iframe for the panel (HubSpot/Drift-style split)",
        {},
    ),
    (
        "sidetab",
        "sidetab.js",
        "page",
        "ru",
        "auto_only",
        "vertical tab on the right edge, mid-height ('Онлайн-консультант'), RU CMS plugins (LiveTex/Callbackhunter style)",
        {},
    ),
    (
        "prechatphone",
        "prechatphone.js",
        "page",
        "ru",
        "prechat_human",
        "pre-chat form: name + phone, 'Начать диалог' (Bitrix24/Talk-Me style contact form before the chat)",
        {"agent": "Андрей"},
    ),
    (
        "prechatmsg",
        "prechatmsg.js",
        "iframe",
        "en",
        "prechat_human",
        "pre-chat form with name, e-mail and the first message (Zendesk Chat / LiveChat pre-chat survey shape)",
        {"agent": "Emma"},
    ),
    (
        "offlineru",
        "offlineru.js",
        "page",
        "ru",
        "offline_email",
        "offline mode: 'нет операторов онлайн' with name, e-mail, message form inside the panel",
        {},
    ),
    (
        "offlinexo",
        "offlinexo.js",
        "xorigin",
        "uk",
        "offline_email",
        "offline form inside a cross-origin iframe panel (Tidio/Chatra offline shape)",
        {},
    ),
    (
        "hhmm",
        "hhmm.js",
        "page",
        "en",
        "greet_human",
        "bubbles show only HH:MM, no datetime attributes (most self-hosted widgets)",
        {"agent": "Ann"},
    ),
    (
        "rerender",
        "rerender.js",
        "page",
        "ru",
        "bot_human",
        "list rebuilt on every message (virtual DOM keyed badly), times in title attributes (ISO)",
        {},
    ),
    (
        "typingticks",
        "typingticks.js",
        "xorigin",
        "uk",
        "greet_human",
        "typing indicator and delivered/read ticks inside bubbles (WhatsApp-like web chat)",
        {"agent": "Максим"},
    ),
    (
        "avatar",
        "avatar.js",
        "page",
        "ru",
        "greet_human",
        "bottom-left round operator photo launcher (img alt with the manager's name) with a speech bubble teaser",
        {"agent": "Анна"},
    ),
    (
        "consent",
        "consent.js",
        "page",
        "uk",
        "prechat_human",
        "pre-chat form with a required personal-data consent checkbox (GDPR/152-FZ)",
        {"agent": "Ольга"},
    ),
    (
        "stickyhdr",
        "stickyhdr.js",
        "page",
        "en",
        "greet_human",
        "sticky header with its own search input, widget is a bare round button bottom-right (no words)",
        {"distractors": ("sticky",), "agent": "Tom"},
    ),
    # batch 2: written after the first fixes, committed before the probe first ran on them
    (
        "bottombar",
        "bottombar.js",
        "page",
        "ru",
        "greet_human",
        "RedHelper-era RU consultant tab centred on the bottom edge; Ctrl+Enter or the button sends",
        {"batch": 2},
    ),
    (
        "bitrixlike",
        "bitrixlike.js",
        "page",
        "ru",
        "bot_human",
        "Bitrix24 Open Lines page-DOM widget (b24-widget-button-*, bx-livechat-*, bx-im-textarea-*; helpdesk.bitrix24.com)",
        {"batch": 2, "vendor": "bitrix24"},
    ),
    (
        "smartsupplike",
        "smartsupplike.js",
        "iframe",
        "en",
        "greet_human",
        "Smartsupp embed (_smartsupp key, smartsupp() queue, #chat-application iframe; data-testid attributes)",
        {"batch": 2, "agent": "Sam"},
    ),
    (
        "srcdoc",
        "srcdoc.js",
        "iframe",
        "uk",
        "greet_human",
        "panel in an <iframe srcdoc> written by the parent script, text launcher 'Чат з менеджером'",
        {"batch": 2},
    ),
    (
        "fullscreen",
        "fullscreen.js",
        "page",
        "ru",
        "auto_only",
        "mobile-first panel covering the whole viewport, <input> in a <form>, small corner square launcher",
        {"batch": 2},
    ),
    (
        "slotted",
        "slotted.js",
        "shadow",
        "en",
        "greet_human",
        "web component projecting light-DOM messages through a <slot> in its open shadow root",
        {"batch": 2, "agent": "Ann"},
    ),
]

CASES: dict[str, Case] = {
    row[0]: Case(
        id=row[0], file=row[1], mount=row[2], lang=row[3], outcome=row[4], source=row[5], index=i, **row[6]
    )  # type: ignore[arg-type]
    for i, row in enumerate(_ROWS)
}
