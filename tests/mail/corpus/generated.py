"""RU/UK/EN replies built from documented formats, each labelled by hand with its kind and checklist items.

Sources, by family (the per-sample ``source`` says which one):
- helpdesk/CRM acknowledgements: the vendors' default notification templates as their docs print them
  (Zendesk "Request received" trigger, Freshdesk "New ticket created" requester notification, osTicket
  "New Ticket Auto-response" and its auto-reply headers in class.mailer.php, OTRS/Znuny auto reply,
  amoCRM/Bitrix24/Usedesk/Okdesk/HelpDeskEddy e-mail templates, WordPress Contact Form 7 "Mail (2)");
- agents' replies through helpdesks: Loomio's discussion mailer (app/mailers/discussion_mailer.rb sets
  Precedence: bulk, Auto-Submitted: auto-generated, X-Auto-Response-Suppress: OOF on people's posts),
  Zendesk's comment notification layout ("##- Please type your reply above this line -##");
- Outlook/Exchange: [MS-OXCMAIL] (X-Auto-Response-Suppress, Thread-Index), the "Automatic reply:" OOF
  subject and its RU/UK localisations, read receipts ("Read:"/"Прочитано:" with "was read on");
- read receipts: RFC 8098 section 9 examples, Thunderbird's "Return Receipt (displayed)" text;
- delivery reports: RFC 3464 section 10 examples, Postfix's success/relay notices, Exchange's
  "Delivered:" / "Delivery delayed" reports and their Russian/Ukrainian subjects;
- out-of-office: Gmail vacation responder (Auto-Submitted: auto-replied), Yandex and Mail.ru
  autoresponders, Zimbra OOO;
- newsletters: Mailchimp/UniSender/eSputnik/SendPulse footers and List-Unsubscribe (RFC 2369/8058).
Shop names, people and addresses are invented; ``persona`` is the first name the probe used.
"""

from __future__ import annotations

from tests.mail.corpus import CHECK_ITEMS, Sample
from tests.mail.corpus.builders import dsn, mail, mdn

QRU1 = "Добрый день. Подскажите, есть ли диван «Омега» в наличии и сколько стоит доставка в Екатеринбург?"
QRU2 = "Здравствуйте! Есть ли доставка в Казань и сколько она займёт?"
QRU3 = "Здравствуйте, интересует кондиционер Daikin FTXB35. Делаете ли установку и сколько это стоит?"
QUK1 = "Доброго дня! Чи є в наявності пральна машина Bosch WAN28 і скільки коштує доставка до Львова?"
QUK2 = "Вітаю! Підкажіть, чи можна забрати замовлення самовивозом у суботу?"
QEN1 = "Hello, do you have the Trek Marlin 5 bike in size M in stock, and how much is shipping to Leeds?"
QEN2 = "Hi, can I return a jacket bought online in your store, and how long does a refund take?"

OUTLOOK = {
    "Thread-Topic": "Question",
    "Thread-Index": "AdtB3c4fQm1x2y3z4A==",
    "X-MS-Has-Attach": "",
    "X-MS-TNEF-Correlator": "",
    "X-Auto-Response-Suppress": "All",
    "Content-Language": "ru-RU",
}
HELPDESK = {"Precedence": "bulk", "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "OOF"}
OSTICKET_AUTO = {
    "Precedence": "auto_reply",
    "X-Autoreply": "yes",
    "Auto-Submitted": "auto-replied",
    "X-Auto-Response-Suppress": "DR, RN, OOF, AutoReply",
}
LIST = {
    "List-Unsubscribe": "<https://news.shop.test/u/abc>, <mailto:unsub@news.shop.test>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "Precedence": "bulk",
    "Feedback-ID": "123:news:esp",
}


def _flags(bits: str) -> dict[str, bool]:
    return {name: bit == "1" for name, bit in zip(CHECK_ITEMS, bits, strict=True)}


def human(
    id_: str,
    shop: str,
    lang: str,
    question: str,
    persona: str,
    raw: bytes,
    bits: str,
    source: str,
    *,
    canned: str | None = None,
    after: float = 900.0,
) -> Sample:
    return Sample(id_, "human", raw, source, lang, question, persona, shop, _flags(bits), canned, after)


def other(
    id_: str,
    kind: str,
    lang: str,
    raw: bytes,
    source: str,
    *,
    question: str | None = None,
    persona: str | None = None,
    shop: str | None = None,
    after: float = 30.0,
) -> Sample:
    return Sample(id_, kind, raw, source, lang, question, persona, shop, {}, None, after)


# --------------------------------------------------------------------------- people


def _canned_mebel(name: str) -> str:
    return (
        f"Здравствуйте, {name}!\n\nБлагодарим за интерес к нашей мебели. Диван «Омега» в наличии, доставка по "
        "Екатеринбургу 1 500 руб. Для оформления заказа позвоните нам: +7 343 222-33-44.\n\nС уважением,\n"
        "отдел продаж «Мебель-Урал»"
    )


def _canned_klimat(name: str) -> str:
    return (
        f"{name}, добрый день!\nСпасибо за обращение в «Климат-Сервис». Монтаж сплит-систем мощностью до "
        "3,5 кВт — от 8 900 руб., включая 3 м трассы. Записаться на установку можно по телефону 8 800 555-12-12.\n"
        "С уважением, Климат-Сервис"
    )


def _canned_tehno(name: str) -> str:
    return (
        f"Вітаємо, {name}!\nДякуємо за звернення. Товар є в наявності на складі. Доставка Новою Поштою за "
        "тарифами перевізника. Замовити можна на сайті https://tehno.example/cart\nКоманда Техно-Світ"
    )


def _canned_bikes(name: str) -> str:
    return (
        f"Hi {name},\n\nThanks for getting in touch with Ride Bikes! The bike you asked about is available for "
        "delivery across the UK. Standard shipping is £19.99 (2-3 working days).\nFeel free to call us on "
        "0113 496 0000 if you have any questions.\n\nKind regards,\nRide Bikes Customer Team"
    )


def people() -> list[Sample]:
    m = "Ольга Петрова <olga@mebel-ural.example>"
    k = "Климат-Сервис <info@klimat.example>"
    t = "Техно-Світ <shop@tehno.example>"
    b = "Ride Bikes <hello@ridebikes.example>"
    o = "Outdoor Co. <care@outdoor.example>"
    z = "Забір <info@zabir.example>"
    kz = "Доставка Казань <sales@kazan-dostavka.example>"
    plain = "a shop's reply, plain text (RFC 5322)"
    return [
        human(
            "h-ru-01",
            "mebel",
            "ru",
            QRU1,
            "Анна",
            mail(
                m,
                "Re: Вопрос о диване",
                "Здравствуйте, Анна!\n\nДа, диван "
                "«Омега» есть в наличии на складе в Екатеринбурге. Доставка по городу — 1 500 руб., привезём в течение "
                "2 дней.\nОформить заказ можно по телефону +7 343 222-33-44 или на сайте.\n\nС уважением,\nОльга Петрова\n"
                "менеджер интернет-магазина",
            ),
            "11111",
            plain,
        ),
        *[
            human(
                f"h-ru-0{i}",
                "mebel",
                "ru",
                QRU1,
                n,
                mail("Мебель-Урал <sales@mebel-ural.example>", "Re: Вопрос", _canned_mebel(n)),
                "11101",
                "a shop's template reply (persona name filled in)",
                canned="mebel-A",
            )
            for i, n in ((2, "Мария"), (3, "Екатерина"), (4, "Анна"))
        ],
        human(
            "h-ru-05",
            "mebel",
            "ru",
            QRU1,
            "Екатерина",
            mail(m, "Re: Вопрос", "Добрый день! Есть, 42 900 руб. Доставка бесплатно."),
            "01101",
            plain,
        ),
        human(
            "h-ru-06",
            "mebel",
            "ru",
            QRU1,
            "Анна",
            mail(
                "Дмитрий Соколов <d.sokolov@mebel-ural.example>",
                "RE: Вопрос",
                "Анна, добрый день.\nДиван Омега сейчас под заказ, срок поставки 3 недели. Доставка в Екатеринбург "
                "бесплатная.\nЕсли удобно, могу зарезервировать для вас.\n\nДмитрий Соколов\nСтарший менеджер",
                headers=OUTLOOK,
            ),
            "11111",
            "Outlook/Exchange reply headers ([MS-OXCMAIL])",
        ),
        human(
            "h-ru-07",
            "mebel",
            "ru",
            QRU1,
            "Мария",
            mail(
                "Елена <crm@mebel-ural.example>",
                "Re: Вопрос",
                "Здравствуйте, Мария!\nДа, в наличии. Стоимость доставки в Екатеринбург 900 руб.\n--\nЕлена\n"
                "Интернет-магазин «Мебель-Урал»",
                headers=HELPDESK,
            ),
            "11111",
            "a CRM relaying an agent's mail with automation headers (Loomio discussion_mailer header set)",
        ),
        human(
            "h-ru-08",
            "mebel",
            "ru",
            QRU1,
            "Анна",
            mail(
                m,
                "Re: Вопрос",
                "Да, есть. Приезжайте в салон на ул. Ленина, "
                '5.\n\n27.11.2026, 10:00, "Анна" <anna.k7m2x9p4qr@shopper.test> пишет:\n> Подскажите, есть ли диван '
                "«Омега» в наличии?\n> Ваша заявка принята.",
            ),
            "01101",
            "reply above a quoted original (Yandex layout)",
        ),
        human(
            "h-ru-09",
            "mebel",
            "ru",
            QRU1,
            "Анна",
            mail(
                "Ольга <olga@mebel-ural.example>",
                "Re: Вопрос",
                "Анна, "
                "здравствуйте! Уточните, пожалуйста, какая расцветка вас интересует? От этого зависит срок.\nОльга",
            ),
            "10011",
            plain,
        ),
        human(
            "h-ru-10",
            "kazan",
            "ru",
            QRU2,
            "Анна",
            mail(
                kz,
                "Re: Доставка",
                "Добрый день, Анна!\nДоставка в Казань есть, "
                "транспортной компанией СДЭК, 3–4 рабочих дня. Стоимость рассчитывается по весу, для дивана около "
                "2 000 ₽.\nС уважением, Игорь, менеджер",
            ),
            "11111",
            plain,
        ),
        human(
            "h-ru-11",
            "kazan",
            "ru",
            QRU2,
            "Дмитрий",
            mail(kz, "Re: Доставка", "Здравствуйте. Да, доставляем. Срок 5 дней."),
            "01001",
            plain,
        ),
        human(
            "h-ru-12",
            "kazan",
            "ru",
            QRU2,
            "Дмитрий",
            mail(
                kz,
                "Re: Доставка",
                "<div>Дмитрий, добрый день!</div><div>"
                "Доставка в Казань занимает 2-3 дня, стоимость 700 рублей.</div><div>Заказать можно на сайте "
                "https://kazan-dostavka.example/order</div><div>--</div><div>Светлана</div>",
                html=True,
            ),
            "11111",
            "HTML-only reply (Yandex web mail markup)",
        ),
        human(
            "h-ru-13",
            "klimat",
            "ru",
            QRU3,
            "Сергей",
            mail(
                "Алексей Смирнов <a.smirnov@klimat.example>",
                "Re: Daikin",
                "Здравствуйте, Сергей!\nУстановку делаем, стандартный монтаж Daikin FTXB35 — 9 500 руб. Можем приехать на "
                "замер в четверг.\nС уважением,\nАлексей Смирнов, инженер",
                charset="windows-1251",
            ),
            "11111",
            "windows-1251 body (The Bat!/Outlook Express default for Russian)",
        ),
        *[
            human(
                f"h-ru-1{i}",
                "klimat",
                "ru",
                QRU3,
                n,
                mail(k, "Re: Кондиционер", _canned_klimat(n)),
                "11101",
                "a shop's template reply (persona name filled in)",
                canned="klimat-A",
            )
            for i, n in ((4, "Павел"), (5, "Игорь"), (6, "Наталья"))
        ],
        human(
            "h-ru-17",
            "klimat",
            "ru",
            QRU3,
            "Наталья",
            mail(
                "Марина (Климат-Сервис) <support@klimat.example>",
                "Re: [#4411] Кондиционер",
                "Наталья, здравствуйте!\nДа, установку делаем. Для FTXB35 цена монтажа "
                "9 500 руб.\n\nС уважением,\nМарина, специалист поддержки\n\n---\nНомер вашей заявки: 4411. Чтобы "
                "добавить комментарий, ответьте на это письмо.",
                headers={**HELPDESK, "X-Mailer": "Okdesk"},
            ),
            "11111",
            "an agent's reply through a helpdesk (Okdesk-style footer, automation headers)",
        ),
        human(
            "h-ru-18",
            "mebel",
            "ru",
            QRU1,
            "Мария",
            mail("Ольга <olga.mebel@mail.example>", "Re: Вопрос", "Есть, приезжайте."),
            "01101",
            plain,
        ),
        human(
            "h-ru-19",
            "mebel",
            "ru",
            QRU1,
            "Анна",
            mail(m, "Re: Вопрос", "Анна, да, есть в наличии! Цена 45 900 ₽."),
            "11101",
            "a fast live operator (8 s)",
            after=8.0,
        ),
        human(
            "h-ru-20",
            "mebel",
            "ru",
            QRU1,
            "Екатерина",
            mail(
                m,
                "Re: Вопрос",
                "Спасибо за обращение! Диван Омега есть, "
                "доставка по Екатеринбургу бесплатная при заказе от 30 000 руб.\nМенеджер Анастасия",
            ),
            "01111",
            plain,
        ),
        human(
            "h-ru-21",
            "kazan",
            "ru",
            QRU2,
            "Ольга",
            mail(
                "Ксения <help@kazan-dostavka.example>",
                "Re: [77812] Доставка",
                "Здравствуйте, Ольга!\nДоставка в Казань занимает 3-5 дней, стоимость зависит от габаритов — для кресла "
                "около 800 рублей.\n\nС уважением,\nКсения\nСлужба заботы о клиентах\n\nНомер обращения: 77812",
                headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
            ),
            "11111",
            "an agent's reply through a helpdesk (Usedesk-style footer)",
        ),
        human(
            "h-ru-23",
            "kazan",
            "ru",
            QRU2,
            "Ольга",
            mail(kz, "Re: Доставка", "Да, есть. Доставка 2 дня\n\nОтправлено с iPhone"),
            "01001",
            "a reply from a phone (iOS Mail signature)",
        ),
        human(
            "h-ru-24",
            "klimat",
            "ru",
            QRU3,
            "Сергей",
            mail(
                "Алексей <alexey@klimat.example>",
                "Re: Daikin",
                "Сергей, "
                "добрый день! По установке: да, монтируем сами, гарантия 3 года. Стоимость зависит от длины трассы, "
                "пришлите, пожалуйста, фото места установки на WhatsApp +7 912 000-11-22.\nАлексей",
            ),
            "11111",
            plain,
        ),
        human(
            "h-ru-25",
            "klimat",
            "ru",
            QRU3,
            "Павел",
            mail(k, "Re: Daikin", "Позвоните нам, всё расскажем: +7 (343) 300-40-50."),
            "00101",
            plain,
        ),
        human(
            "h-ru-26",
            "klimat",
            "ru",
            QRU3,
            "Игорь",
            mail(
                "Алексей <alexey@klimat.example>",
                "Re: Daikin",
                "Добрый день, Игорь. Да, FTXB35 ставим, работа 9 500 руб., материалы по факту. Ближайшая дата: "
                "во вторник.\n\nС уважением,\nАлексей",
                charset="koi8-r",
            ),
            "11111",
            "koi8-r body (old Russian mailers)",
        ),
        human(
            "h-uk-01",
            "tehno",
            "uk",
            QUK1,
            "Олена",
            mail(
                t,
                "Re: Bosch WAN28",
                "Добрий день, Олено!\nТак, пральна "
                "машина Bosch WAN28 є в наявності. Доставка до Львова — 250 грн, 1–2 дні.\nОформити замовлення можна за "
                "телефоном +380 44 123 45 67.\n\nЗ повагою,\nМарія Коваль, менеджер",
            ),
            "11111",
            plain,
        ),
        *[
            human(
                f"h-uk-0{i}",
                "tehno",
                "uk",
                QUK1,
                n,
                mail(t, "Re: Питання", _canned_tehno(n)),
                "11101",
                "a shop's template reply (persona name filled in)",
                canned="tehno-A",
            )
            for i, n in ((2, "Андрій"), (3, "Ірина"), (4, "Тарас"))
        ],
        human(
            "h-uk-05",
            "tehno",
            "uk",
            QUK1,
            "Тарас",
            mail(
                "Оксана <oksana@tehno.example>",
                "Re: Питання",
                "Тарасе, "
                "вітаю. Bosch WAN28 закінчилась, очікуємо надходження через тиждень. Можу повідомити, коли з'явиться.\n"
                "Оксана",
            ),
            "11111",
            plain,
        ),
        human(
            "h-uk-06",
            "zabir",
            "uk",
            QUK2,
            "Ірина",
            mail(
                z,
                "Re: Самовивіз",
                "Доброго дня! Так, самовивіз у суботу з 10:00 до 16:00, вул. Шевченка, 12. Чекаємо на вас!",
            ),
            "01101",
            plain,
        ),
        human(
            "h-uk-07",
            "zabir",
            "uk",
            QUK2,
            "Ірина",
            mail(
                "Віталій (Забір) <help@zabir.example>",
                "Re: [#2231] Самовивіз",
                "Ірино, добрий день!\nЗабрати замовлення у суботу можна, пункт видачі працює до 15:00.\n\nЗ повагою,\n"
                "Віталій, оператор служби підтримки",
                headers={**HELPDESK, "X-Mailer": "Helpdesk"},
            ),
            "11011",
            "an agent's reply through a helpdesk (automation headers)",
        ),
        human(
            "h-uk-08",
            "zabir",
            "uk",
            QUK2,
            "Ірина",
            mail(
                z,
                "Re: Самовивіз",
                "Ирина, здравствуйте! Да, в субботу самовывоз работает до 15:00.\nС уважением, Виктор",
            ),
            "11010",
            "a reply in Russian to a Ukrainian question",
        ),
        human(
            "h-uk-09",
            "zabir",
            "uk",
            QUK2,
            "Андрій",
            mail(z, "Re: Самовивіз", "Добрий день. Вкажіть, будь ласка, номер замовлення."),
            "00001",
            plain,
        ),
        human(
            "h-uk-10",
            "tehno",
            "uk",
            QUK1,
            "Андрій",
            mail(
                "Іван Бойко <i.boyko@tehno.example>",
                "RE: Питання",
                "Андрію, доброго дня!\nЄ в наявності, ціна 17 999 грн. Доставка до Львова безкоштовна.\n\n-----Оригінальне "
                "повідомлення-----\nВід: Андрій <andrii.x@shopper.test>\nТема: Питання\n\nЧи є в наявності пральна машина?",
                headers={**OUTLOOK, "Content-Language": "uk-UA"},
            ),
            "11101",
            "Outlook (Ukrainian UI) reply headers",
        ),
        human(
            "h-uk-11",
            "tehno",
            "uk",
            QUK1,
            "Олена",
            mail(
                t,
                "Re: Bosch",
                "Олено, добрий день! На жаль, WAN28 немає в "
                "наявності. Можемо запропонувати WAN24, ціна 15 499 грн, доставка до Львова 1 день.\nЗ повагою, Сергій",
            ),
            "11111",
            plain,
        ),
        human(
            "h-en-01",
            "bikes",
            "en",
            QEN1,
            "Emily",
            mail(
                "Tom Baker <tom@ridebikes.example>",
                "Re: Marlin 5",
                "Hi Emily,"
                "\n\nYes, we have the Marlin 5 in size M in stock. Shipping to Leeds is £19.99 and takes 2-3 working days.\n"
                "You can order here: https://ridebikes.example/marlin-5\n\nBest regards,\nTom Baker\nSales Assistant",
            ),
            "11111",
            plain,
        ),
        *[
            human(
                f"h-en-0{i}",
                "bikes",
                "en",
                QEN1,
                n,
                mail(b, "Re: Marlin 5", _canned_bikes(n)),
                "11101",
                "a shop's template reply (persona name filled in)",
                canned="bikes-A",
            )
            for i, n in ((2, "James"), (3, "Olivia"), (4, "Harry"))
        ],
        human(
            "h-en-05",
            "bikes",
            "en",
            QEN1,
            "Harry",
            mail(
                "Sophie (Ride Bikes) <support@ridebikes.example>",
                "[Ride Bikes] Re: Marlin 5",
                "##- Please type your reply above this line -##\n\nYour request (48213) has "
                "been updated. To add additional comments, reply to this email.\n\nSophie (Ride Bikes)\n\nHi Harry, sorry "
                "for the wait - the Marlin 5 in M is out of stock until next Friday. I can reserve one for you if you "
                "like.\n\nThis email is a service from Ride Bikes.",
                headers=HELPDESK,
            ),
            "11111",
            "Zendesk comment notification layout with automation headers",
        ),
        human(
            "h-en-06",
            "outdoor",
            "en",
            QEN2,
            "Olivia",
            mail(
                "Grace <grace@outdoor.example>",
                "Re: Return",
                "Hello Olivia,"
                "\nYes, online purchases can be returned in any of our stores within 30 days. Refunds reach your card in "
                "5-7 business days.\nThanks,\nGrace\nCustomer Service",
            ),
            "11011",
            plain,
        ),
        human(
            "h-en-07",
            "outdoor",
            "en",
            QEN2,
            "James",
            mail(o, "Re: Return", "Yes you can. Refund takes about a week."),
            "01001",
            plain,
        ),
        human(
            "h-en-08",
            "outdoor",
            "en",
            QEN2,
            "James",
            mail(
                "Mark Evans <m.evans@outdoor.example>",
                "RE: Return",
                "Dear James,\n\nThank you for your message. You can return the jacket to any store with the receipt; the "
                "refund is issued within 5 working days.\n\nRegards,\nMark Evans | Store Manager | Outdoor Co.\n"
                "T: +44 20 7946 0000",
                headers={**OUTLOOK, "Content-Language": "en-GB"},
            ),
            "11111",
            "Outlook/Exchange reply headers ([MS-OXCMAIL])",
        ),
        human(
            "h-en-09",
            "bikes",
            "en",
            QEN1,
            "Emily",
            mail(
                "Dan <dan@ridebikes.example>",
                "Re: Marlin 5",
                '<div dir="ltr">'
                "Hi Emily! The Marlin 5 (M) is in stock at our Leeds store, so you could also pick it up today. Shipping "
                "would be £19.99.</div><div>Cheers, Dan</div>",
                html=True,
            ),
            "11111",
            "HTML-only reply (Gmail markup)",
        ),
        human(
            "h-en-10",
            "outdoor",
            "en",
            QEN2,
            "Olivia",
            mail(
                o,
                "Re: Return",
                "Olivia, thanks for your email. Returns "
                "are accepted in store within 30 days; the refund takes 3-5 days. You can also book a return at "
                "https://outdoor.example/returns\n\nAmy, Customer Support",
                headers={"Auto-Submitted": "auto-generated"},
            ),
            "11111",
            "a person's reply through a helpdesk that marks everything auto-generated",
        ),
        human(
            "h-en-11",
            "outdoor",
            "en",
            QEN2,
            "Harry",
            mail(
                o,
                "Re: Return",
                "Hi Harry, which store did you have in mind? Some outlets don't take online returns.\nLucy",
            ),
            "10011",
            plain,
        ),
    ]


# --------------------------------------------------------------------------- acknowledgements


def acks() -> list[Sample]:
    b = "Ride Bikes Support <support@ridebikes.example>"
    o = "Outdoor Co. Support <help@outdoor.example>"
    m = "Мебель-Урал <noreply@mebel-ural.example>"
    k = "Климат-Сервис <support@klimat.example>"
    t = "Техно-Світ <shop@tehno.example>"
    return [
        other(
            "a-en-01",
            "ack",
            "en",
            mail(
                b,
                "[Ride Bikes] Re: Marlin 5",
                "Your request (48213) has been received and is "
                "being reviewed by our support staff.\n\nTo add additional comments, reply to this email.",
                headers={"X-Mailer": "Zendesk Mailer"},
            ),
            "Zendesk default 'Notify requester of received request' trigger",
        ),
        other(
            "a-en-02",
            "ack",
            "en",
            mail(
                b,
                "Ticket Received - Marlin 5",
                "Dear Harry,\n\nWe would like to acknowledge "
                "that we have received your request and a ticket has been created.\nA support representative will be "
                "reviewing your request and will send you a personal response (usually within 24 hours).\n\nTo view the "
                "status of the ticket or add comments, please visit\nhttps://support.ridebikes.example/helpdesk/tickets/1234"
                "\n\nThank you for your patience.\n\nSincerely,\nRide Bikes Support Team",
            ),
            "Freshdesk 'New ticket created' requester notification",
            persona="Harry",
        ),
        other(
            "a-en-03",
            "ack",
            "en",
            mail(
                o,
                "Support Ticket Opened [#482913]",
                "Dear Olivia,\n\nWe received your request "
                "and assigned ticket #482913. A representative will follow-up with you as soon as possible. You can view "
                "this ticket's progress online here: https://help.outdoor.example/view.php?t=482913.\n\nIf you wish to "
                "provide additional comments or information regarding the issue, please reply to this email.\n\n"
                "Outdoor Co. Support",
                headers=OSTICKET_AUTO,
            ),
            "osTicket 'New Ticket Auto-response' + class.mailer.php auto-reply headers",
            persona="Olivia",
        ),
        other(
            "a-en-04",
            "ack",
            "en",
            mail(
                o,
                "[Ticket#2026112710000012] RE: Return",
                "Your email has been received. A new "
                "ticket has been created with the number 2026112710000012 and will be processed as soon as possible.\n\n"
                "Outdoor Co. Customer Care",
                headers={"X-Loop": "yes"},
            ),
            "OTRS/Znuny auto reply to a new ticket",
        ),
        other(
            "a-en-05",
            "ack",
            "en",
            mail(
                o,
                "We got your message",
                "Thanks for contacting Outdoor Co.! We've received "
                "your message and will get back to you within 1 business day.",
            ),
            "a shop's contact-form autoresponder",
        ),
        other(
            "a-en-06",
            "ack",
            "en",
            mail(
                b,
                "Re: Marlin 5",
                "Hi James, thanks for reaching out! We've received your "
                "request and someone from our team will be in touch soon.",
            ),
            "HubSpot conversations auto-reply",
            persona="James",
        ),
        other(
            "a-en-07",
            "ack",
            "en",
            mail(
                b,
                "Re: Marlin 5",
                f'Hi Emily,\nThank you for your enquiry: "{QEN1[7:]}"\nOur team will reply within 24 hours.',
            ),
            "a form autoresponder quoting the request back",
            question=QEN1,
            persona="Emily",
        ),
        other(
            "a-en-08",
            "ack",
            "en",
            mail(
                "Shop <noreply@outdoor.example>",
                "Thanks for contacting us",
                "Thanks for contacting us. We'll get back to you as soon as possible.",
                reply=False,
            ),
            "Shopify contact form confirmation",
        ),
        other(
            "a-ru-01",
            "ack",
            "ru",
            mail(
                m,
                "Ваша заявка принята",
                "Здравствуйте, Анна!\nСпасибо, ваша заявка принята. "
                "Менеджер свяжется с вами в течение 15 минут.\n\nС уважением, команда «Мебель-Урал»",
                reply=False,
            ),
            "amoCRM web-form autoreply template",
            persona="Анна",
        ),
        other(
            "a-ru-02",
            "ack",
            "ru",
            mail(
                m,
                "Заявка №1542",
                "Спасибо! Ваша заявка №1542 зарегистрирована. Мы ответим в ближайшее время.",
                headers={"Precedence": "bulk"},
                reply=False,
            ),
            "Bitrix24 CRM-form autoreply",
        ),
        other(
            "a-ru-03",
            "ack",
            "ru",
            mail(
                k,
                "Обращение №77812",
                "Здравствуйте!\nВаше обращение №77812 принято. Мы "
                "ответим вам в ближайшее время.\nЭто письмо отправлено автоматически, отвечать на него не нужно.",
            ),
            "Usedesk new-ticket notification",
        ),
        other(
            "a-ru-04",
            "ack",
            "ru",
            mail(
                k,
                "Заявка №4411 создана",
                "Здравствуйте, Наталья!\nПо вашему обращению "
                "создана заявка №4411 «Кондиционер Daikin FTXB35».\nСтатус заявки: Открыта.\nСпециалист свяжется с вами "
                "в ближайшее время.",
                headers={"Auto-Submitted": "auto-generated"},
            ),
            "Okdesk 'new issue' notification",
            persona="Наталья",
            question=QRU3,
        ),
        other(
            "a-ru-05",
            "ack",
            "ru",
            mail(
                k,
                "Ваш запрос зарегистрирован",
                "Уважаемый(ая) Дмитрий!\nВаш запрос получен и "
                "зарегистрирован под номером 5521.\nНаши специалисты ответят вам в рабочее время с 9:00 до 18:00 (МСК).",
                charset="windows-1251",
            ),
            "HelpDeskEddy new-request template",
            persona="Дмитрий",
        ),
        other(
            "a-ru-06",
            "ack",
            "ru",
            mail(
                "Мебель-Урал <chat@mebel-ural.example>",
                "Ваше сообщение",
                "Спасибо за ваше сообщение! Наш оператор ответит вам на почту в ближайшее время.",
            ),
            "JivoChat offline-message e-mail",
        ),
        other(
            "a-ru-07",
            "ack",
            "ru",
            mail(
                m,
                "Новая заявка с сайта",
                "Спасибо за заявку! Мы свяжемся с вами в ближайшее время.",
                reply=False,
            ),
            "Tilda form autoresponder",
        ),
        other(
            "a-ru-08",
            "ack",
            "ru",
            mail(
                "Климат-Сервис <wordpress@klimat.example>",
                "Ваше сообщение отправлено",
                f"Здравствуйте, Сергей!\nВы отправили сообщение через форму на сайте klimat.example:\n«{QRU3}»\n--\nЭто "
                "письмо отправлено с сайта «Климат-Сервис» (https://klimat.example)",
                reply=False,
            ),
            "WordPress Contact Form 7 'Mail (2)' autoresponder",
            persona="Сергей",
            question=QRU3,
        ),
        other(
            "a-ru-09",
            "ack",
            "ru",
            mail(
                m,
                "Re: Вопрос",
                "Здравствуйте! Номер вашего обращения 30391. Ответ специалиста придёт на этот адрес.",
            ),
            "a helpdesk's ticket-number notice",
        ),
        other(
            "a-ru-10",
            "ack",
            "ru",
            mail(
                m,
                "Re: Вопрос",
                f"Анна, добрый день!\nВаш вопрос «{QRU1}» передан менеджеру. "
                "Ответ придёт в течение рабочего дня.",
            ),
            "amoCRM e-mail template echoing the request",
            persona="Анна",
            question=QRU1,
        ),
        other(
            "a-ru-11",
            "ack",
            "ru",
            mail(
                "Интернет-магазин <robot@kazan-dostavka.example>",
                "Заказ обратного звонка",
                "Мы получили ваш запрос на обратный звонок. Оператор перезвонит вам в течение 30 минут в рабочее время.",
                reply=False,
            ),
            "a callback widget's e-mail confirmation",
        ),
        other(
            "a-uk-01",
            "ack",
            "uk",
            mail(
                t,
                "Звернення №3321",
                "Вітаємо, Олено!\nВаше звернення №3321 зареєстровано. "
                "Наш менеджер зв'яжеться з вами найближчим часом.",
            ),
            "a Ukrainian helpdesk's new-ticket template",
            persona="Олена",
        ),
        other(
            "a-uk-02",
            "ack",
            "uk",
            mail(
                t,
                "Re: Питання",
                "Дякуємо за звернення! Ми отримали ваш запит і відповімо протягом 2 годин у робочий час.",
            ),
            "a shop's autoresponder (UA)",
        ),
        other(
            "a-uk-03",
            "ack",
            "uk",
            mail(
                "KeyCRM <noreply@tehno.example>",
                "Замовлення №10293",
                "Ваше замовлення №10293 прийнято. Очікуйте дзвінка менеджера.",
                reply=False,
            ),
            "KeyCRM order notification",
        ),
        other(
            "a-uk-04",
            "ack",
            "uk",
            mail(
                t,
                "Re: Питання",
                "Добрий день! Дякуємо, що звернулися до нас. Ваш запит "
                "передано фахівцю, він відповість вам протягом дня.",
            ),
            "a shop's autoresponder (UA)",
        ),
        other(
            "a-uk-05",
            "ack",
            "uk",
            mail(
                "Забір <noreply@zabir.example>",
                "Заявку прийнято",
                "Ірино, доброго дня!\nДякуємо за заявку. Наш оператор передзвонить вам протягом 15 хвилин.",
                reply=False,
            ),
            "a callback form's e-mail confirmation (UA)",
            persona="Ірина",
        ),
    ]


# --------------------------------------------------------------------------- receipts, delivery, bounces


def receipts_and_reports() -> list[Sample]:
    b = "Sales <sales@ridebikes.example>"
    m = "Продажи <sales@mebel-ural.example>"
    t = "Продажі <sales@tehno.example>"
    return [
        other(
            "r-en-01",
            "receipt",
            "en",
            mdn(
                b,
                "Return Receipt (displayed) - Marlin 5",
                "This is a Return Receipt for "
                "the mail that you sent to sales@ridebikes.example.\n\nNote: This Return Receipt only acknowledges that "
                "the message was displayed on the recipient's computer. There is no guarantee that the recipient has "
                "read or understood the message contents.",
                ua="ridebikes.example; Thunderbird 115.5",
            ),
            "Thunderbird MDN (RFC 8098)",
            after=1.0,
        ),
        other(
            "r-en-02",
            "receipt",
            "en",
            mdn(
                b,
                "Read: Marlin 5",
                "Your message\n\n  To: Sales\n  Subject: Marlin 5\n  "
                "Sent: Friday, 27 November 2026 10:00:00 (UTC+00:00)\n\nwas read on Friday, 27 November 2026 10:00:01 "
                "(UTC+00:00).",
                disposition="automatic-action/MDN-sent-automatically; displayed",
            ),
            "Outlook/Exchange read receipt (MDN)",
            after=1.0,
        ),
        other(
            "r-en-03",
            "receipt",
            "en",
            mdn(
                b,
                "Not read: Marlin 5",
                "Your message\n\n  To: Sales\n  Subject: Marlin 5\n"
                "\nwas deleted without being read on Friday, 27 November 2026 11:00.",
                disposition="manual-action/MDN-sent-automatically; deleted",
            ),
            "Outlook 'Not read' report (MDN, deleted)",
        ),
        other(
            "r-en-04",
            "receipt",
            "en",
            mdn(
                b,
                "Read: Marlin 5",
                "This is a receipt for the mail you sent to\n"
                "sales@ridebikes.example at 27/11/2026, 10:00\n\nThis receipt verifies that the message has been "
                "displayed on the recipient's computer at 27/11/2026, 10:01",
            ),
            "Gmail (Workspace) read receipt",
        ),
        other(
            "r-en-05",
            "receipt",
            "en",
            mail(
                b,
                "Read: Marlin 5",
                "Your message\n\n  To: Sales\n  Subject: Marlin 5\n"
                "  Sent: 27/11/2026 10:00\n\nwas read on 27/11/2026 10:00.",
                reply=False,
            ),
            "Outlook read receipt as plain text (Exchange-internal conversion)",
            after=1.0,
        ),
        other(
            "r-ru-01",
            "receipt",
            "ru",
            mdn(
                m,
                "Прочитано: Вопрос о диване",
                "Ваше сообщение\n\n  Кому: Продажи\n  Тема: "
                "Вопрос о диване\n  Отправлено: 27 ноября 2026 г. 10:00\n\nбыло прочитано 27 ноября 2026 г. 10:00.",
            ),
            "Outlook read receipt, Russian UI (MDN)",
            after=1.0,
        ),
        other(
            "r-ru-02",
            "receipt",
            "ru",
            mdn(
                m,
                "Уведомление о прочтении (отображено) - Вопрос",
                "Это уведомление о "
                "прочтении письма, которое вы отправили на адрес sales@mebel-ural.example.\n\nПримечание: это уведомление "
                "только подтверждает, что сообщение было отображено на компьютере получателя.",
            ),
            "Thunderbird MDN, Russian UI",
        ),
        other(
            "r-ru-03",
            "receipt",
            "ru",
            mail(
                m,
                "Прочитано: Вопрос",
                "Ваше сообщение\n\n  Кому: Продажи\n  Тема: Вопрос\n\nбыло прочитано 27.11.2026 10:00.",
                reply=False,
                charset="windows-1251",
            ),
            "Outlook read receipt as plain text, Russian UI, windows-1251",
            after=2.0,
        ),
        other(
            "r-ru-04",
            "receipt",
            "ru",
            mail(
                "Mail.ru <notify@mail.example>",
                "Уведомление о прочтении",
                "Ваше письмо «Вопрос» прочитано адресатом sales@mebel-ural.example 27.11.2026 в 10:00.",
                reply=False,
            ),
            "Mail.ru-style read notification",
        ),
        other(
            "r-ru-05",
            "receipt",
            "ru",
            mdn(
                m,
                "Подтверждение прочтения: Вопрос",
                "Письмо прочитано.",
                ua="mebel-ural.example; The Bat! 10",
            ),
            "The Bat! MDN (RFC 8098 structure, Russian text)",
        ),
        other(
            "r-uk-01",
            "receipt",
            "uk",
            mdn(
                t,
                "Прочитано: Питання",
                "Ваше повідомлення\n\n  Кому: Продажі\n  Тема: "
                "Питання\n  Надіслано: 27 листопада 2026 р. 10:00\n\nбуло прочитано 27 листопада 2026 р. 10:00.",
            ),
            "Outlook read receipt, Ukrainian UI (MDN)",
            after=1.0,
        ),
        other(
            "r-uk-02",
            "receipt",
            "uk",
            mail(
                t, "Прочитано: Питання", "Ваше повідомлення було прочитано 27.11.2026 о 10:00.", reply=False
            ),
            "Outlook read receipt as plain text, Ukrainian UI",
        ),
        other(
            "d-en-01",
            "delivery",
            "en",
            dsn(
                "Mail Delivery System <MAILER-DAEMON@mx.relay.test>",
                "Successful Mail Delivery Report",
                "This is the mail system at host mx.relay.test.\n\nYour message was successfully "
                "delivered to the destination(s) listed below. If the message was delivered to mailbox you will receive "
                "no further notifications.",
                action="delivered",
                status="2.0.0",
                recipient="sales@ridebikes.example",
            ),
            "Postfix success notice (NOTIFY=SUCCESS)",
        ),
        other(
            "d-en-02",
            "delivery",
            "en",
            dsn(
                "Mail Delivery System <MAILER-DAEMON@mx.relay.test>",
                "Successful Mail Delivery Report",
                "This is the mail system at host mx.relay.test.\n\nYour message was successfully "
                "delivered to the destination(s) listed below. If the message was delivered to mailbox you will receive "
                "no further notifications. Otherwise you may still receive notifications of mail delivery errors from "
                "other systems.",
                action="relayed",
                status="2.0.0",
                recipient="care@outdoor.example",
            ),
            "Postfix relay notice (destination without DSN support)",
        ),
        other(
            "d-en-03",
            "delivery",
            "en",
            dsn(
                "postmaster@outdoor.example",
                "Delivered: Return",
                "Your message has been "
                "delivered to the following recipients:\n\ncare@outdoor.example\n\nSubject: Return",
                action="delivered",
                status="2.0.0",
                recipient="care@outdoor.example",
            ),
            "Exchange delivery receipt",
        ),
        other(
            "d-ru-01",
            "delivery",
            "ru",
            dsn(
                "postmaster@mebel-ural.example",
                "Доставлено: Вопрос",
                "Сообщение доставлено следующим получателям:\n\nsales@mebel-ural.example\n\nТема: Вопрос",
                action="delivered",
                status="2.0.0",
                recipient="sales@mebel-ural.example",
            ),
            "Exchange delivery receipt, Russian UI",
        ),
        other(
            "d-ru-02",
            "delivery",
            "ru",
            dsn(
                "postmaster@mebel-ural.example",
                "Доставка задерживается: Вопрос",
                "Доставка сообщения следующим получателям задерживается:\n\nsales@mebel-ural.example\n\nСервер продолжит "
                "попытки доставки в течение 2 дней. Повторно отправлять сообщение не нужно.",
                action="delayed",
                status="4.4.7",
                recipient="sales@mebel-ural.example",
            ),
            "Exchange delay notification, Russian UI",
        ),
        other(
            "d-uk-01",
            "delivery",
            "uk",
            dsn(
                "postmaster@tehno.example",
                "Доставку відкладено: Питання",
                "Доставку "
                "повідомлення таким одержувачам відкладено:\n\nsales@tehno.example\n\nСервер продовжить спроби доставки. "
                "Надсилати повідомлення повторно не потрібно.",
                action="delayed",
                status="4.4.1",
                recipient="sales@tehno.example",
            ),
            "Exchange delay notification, Ukrainian UI",
        ),
        other(
            "b-ru-01",
            "bounce",
            "ru",
            dsn(
                "postmaster@mebel-ural.example",
                "Недоставленное сообщение: Вопрос",
                "Не "
                "удалось доставить сообщение следующим получателям:\n\nsalez@mebel-ural.example\nАдрес электронной почты "
                "не найден.",
                action="failed",
                status="5.1.10",
                recipient="salez@mebel-ural.example",
                diagnostic="550 5.1.10 RESOLVER.ADR.RecipientNotFound",
            ),
            "Exchange NDR, Russian UI",
        ),
        other(
            "b-uk-01",
            "bounce",
            "uk",
            dsn(
                "postmaster@tehno.example",
                "Не доставлено: Питання",
                "Не вдалося доставити повідомлення таким одержувачам:\n\nsale@tehno.example",
                action="failed",
                status="5.1.1",
                recipient="sale@tehno.example",
                diagnostic="550 5.1.1 User unknown",
            ),
            "Exchange NDR, Ukrainian UI",
        ),
        other(
            "b-ru-02",
            "bounce",
            "ru",
            mail(
                "Mail Delivery System <Mailer-Daemon@mx.hosting.example>",
                "Mail delivery failed: returning message to sender",
                "Это сообщение создано автоматически почтовым "
                "сервером.\nНе удалось доставить письмо одному или нескольким получателям. Ошибка постоянная:\n\n"
                "  info@kazan-dostavka.example\n    mailbox is full: retry timeout exceeded",
                reply=False,
                headers={
                    "X-Failed-Recipients": "info@kazan-dostavka.example",
                    "Auto-Submitted": "auto-replied",
                },
            ),
            "Exim bounce with a Russian preface (a Russian hosting's template)",
        ),
    ]


# --------------------------------------------------------------------------- out of office, newsletters, other auto


def away_news_auto() -> list[Sample]:
    ol = {
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
        "X-MS-Exchange-Inbox-Rules-Loop": "sales@shop.example",
    }
    gm = {"Auto-Submitted": "auto-replied", "Precedence": "bulk"}
    return [
        other(
            "o-en-01",
            "ooo",
            "en",
            mail(
                "Sarah Green <s.green@ridebikes.example>",
                "Automatic reply: Marlin 5",
                "Thank you for your email. I am out of the office until 3 December with limited access to email. For "
                "urgent matters please contact sales@ridebikes.example.",
                headers=ol,
            ),
            "Microsoft 365 OOF reply",
        ),
        other(
            "o-en-02",
            "ooo",
            "en",
            mail(
                "Tom <tom@ridebikes.example>",
                "Re: Marlin 5",
                "Hi, I'm on holiday until January 8th and will reply when I'm back.",
                headers=gm,
            ),
            "Gmail vacation responder",
        ),
        other(
            "o-en-03",
            "ooo",
            "en",
            mail(
                "Kate <kate@outdoor.example>",
                "Out of Office: Return",
                "I'm currently away from the office on annual leave, returning Monday 7 December.",
                headers={"Auto-Submitted": "auto-replied"},
            ),
            "Zimbra out-of-office",
        ),
        other(
            "o-en-04",
            "ooo",
            "en",
            mail(
                "Mark <mark@outdoor.example>",
                "Re: Return",
                "I'm travelling this week with limited access to email; back on Monday.",
            ),
            "a manual away note (no headers)",
        ),
        other(
            "o-ru-01",
            "ooo",
            "ru",
            mail(
                "Ирина Волкова <i.volkova@mebel-ural.example>",
                "Автоматический ответ: Вопрос",
                "Здравствуйте! Я в отпуске до 10 декабря. По срочным вопросам обращайтесь к Ивану Петрову: "
                "ivan@mebel-ural.example.",
                headers=ol,
            ),
            "Outlook OOF, Russian UI",
        ),
        other(
            "o-ru-02",
            "ooo",
            "ru",
            mail(
                "Павел <pavel@klimat.example>",
                "Re: Daikin",
                "Уехал в отпуск до 8 января, отвечу по возвращении.",
                headers=gm,
            ),
            "Gmail vacation responder (Russian text)",
        ),
        other(
            "o-ru-03",
            "ooo",
            "ru",
            mail(
                "Олег <oleg@kazan-dostavka.example>",
                "Автоответ: Доставка",
                "Я в командировке до 5 декабря.",
                headers={"Auto-Submitted": "auto-replied"},
            ),
            "Yandex Mail autoresponder",
        ),
        other(
            "o-ru-04",
            "ooo",
            "ru",
            mail(
                "Светлана <svetlana@mail.example>",
                "Re: Доставка",
                "В данный момент я нахожусь в отпуске. Вернусь 15.12.",
                headers={"Auto-Submitted": "auto-replied", "X-Mailru-Autoreply": "1"},
            ),
            "Mail.ru autoresponder",
        ),
        other(
            "o-ru-05",
            "ooo",
            "ru",
            mail(
                "Анна Сергеевна <as@klimat.example>",
                "Re: Daikin",
                "Коллеги, я на больничном до пятницы, почту читаю редко.",
            ),
            "a manual away note (no headers)",
        ),
        other(
            "o-uk-01",
            "ooo",
            "uk",
            mail(
                "Олег Ткач <o.tkach@tehno.example>",
                "Автоматична відповідь: Питання",
                "Вітаю! "
                "Я у відпустці до 10 грудня. З термінових питань звертайтеся за телефоном +380 44 123 45 00.",
                headers=ol,
            ),
            "Outlook OOF, Ukrainian UI",
        ),
        other(
            "o-uk-02",
            "ooo",
            "uk",
            mail(
                "Наталія <nataliia@zabir.example>",
                "Re: Самовивіз",
                "Я перебуваю у відрядженні до 12.12, відповім після повернення.",
                headers=gm,
            ),
            "Gmail vacation responder (Ukrainian text)",
        ),
        other(
            "o-uk-03",
            "ooo",
            "uk",
            mail(
                "Ігор <igor@tehno.example>",
                "Автовідповідь",
                "Мене не буде в офісі до понеділка.",
                headers={"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"},
            ),
            "ukr.net-style autoresponder",
        ),
        other(
            "n-ru-01",
            "newsletter",
            "ru",
            mail(
                "Мебель-Урал <news@mebel-ural.example>",
                "Добро пожаловать!",
                "Анна, добро "
                "пожаловать в «Мебель-Урал»! Спасибо за подписку. Дарим промокод WELCOME10 на скидку 10% на первый заказ."
                "\n\nОтписаться от рассылки: https://news.mebel-ural.example/u",
                headers=LIST,
                reply=False,
            ),
            "UniSender welcome mail with List-Unsubscribe",
            persona="Анна",
        ),
        other(
            "n-ru-02",
            "newsletter",
            "ru",
            mail(
                "Мебель-Урал <news@mebel-ural.example>",
                "Подтвердите подписку",
                "Подтвердите подписку на рассылку: нажмите на кнопку ниже. Если вы не подписывались, просто "
                "проигнорируйте это письмо.",
                reply=False,
            ),
            "a double opt-in confirmation (SendPulse template)",
        ),
        other(
            "n-ru-03",
            "newsletter",
            "ru",
            mail(
                "Мебель-Урал <news@mebel-ural.example>",
                "Черная пятница: -50%",
                "<h1>Черная пятница в «Мебель-Урал»</h1><p>Скидки до 50% на диваны и кресла только 3 дня!</p>"
                '<p><a href="https://x.example/web">Открыть в браузере</a> | <a href="https://x.example/u">Отписаться'
                "</a></p>",
                html=True,
                headers=LIST,
                reply=False,
            ),
            "an ESP promo mail with List-Unsubscribe, Feedback-ID",
        ),
        other(
            "n-ru-04",
            "newsletter",
            "ru",
            mail(
                "Климат-Сервис <news@klimat.example>",
                "Новинки недели",
                "Новинки недели: "
                "кондиционеры Daikin 2027 года уже в продаже.\nВы получили это письмо, потому что подписались на новости. "
                "Отписаться",
                headers={"List-Unsubscribe": "<mailto:u@klimat.example>", "List-Id": "news.klimat.example"},
                reply=False,
            ),
            "a Sendsay digest",
        ),
        other(
            "n-uk-01",
            "newsletter",
            "uk",
            mail(
                "Техно-Світ <news@tehno.example>",
                "Розпродаж тижня",
                "Розпродаж тижня: "
                "знижки до 30% на пральні машини!\n\nВідписатися від розсилки: https://tehno.example/u",
                headers=LIST,
                reply=False,
            ),
            "eSputnik promo mail",
        ),
        other(
            "n-uk-02",
            "newsletter",
            "uk",
            mail(
                "Техно-Світ <news@tehno.example>",
                "Дякуємо за підписку",
                "Дякуємо за підписку! Ви підписалися на новини Техно-Світ. Відписатися можна будь-коли.",
                headers=LIST,
                reply=False,
            ),
            "eSputnik welcome mail",
        ),
        other(
            "n-uk-03",
            "newsletter",
            "uk",
            mail(
                "Забір <news@zabir.example>",
                "Нові надходження",
                "Нові надходження: чайники, праски, блендери. Переглянути в браузері | Відписатися",
                headers=LIST,
                reply=False,
            ),
            "SendPulse new-arrivals mail",
        ),
        other(
            "n-en-01",
            "newsletter",
            "en",
            mail(
                "Ride Bikes <news@ridebikes.example>",
                "Welcome to Ride Bikes!",
                "Thanks for subscribing to Ride Bikes news!\n\nunsubscribe from this list | update subscription "
                "preferences",
                headers={**LIST, "List-Id": "Ride Bikes <abc.list-id.mcsv.net>"},
                reply=False,
            ),
            "Mailchimp welcome mail",
        ),
        other(
            "n-en-02",
            "newsletter",
            "en",
            mail(
                "Ride Bikes <news@ridebikes.example>",
                "BLACK FRIDAY: 25% off",
                "BLACK FRIDAY: 25% off all bikes. Use code BF25.\nView this email in your browser. Unsubscribe.",
                headers=LIST,
                reply=False,
            ),
            "an ESP promo mail",
        ),
        other(
            "n-en-03",
            "newsletter",
            "en",
            mail(
                "Outdoor Co. <hello@outdoor.example>",
                "New arrivals for winter",
                "New arrivals for winter: jackets, boots and more.\nYou are receiving this email because you signed up at "
                "outdoor.example. Unsubscribe",
                headers={"List-Unsubscribe": "<https://outdoor.example/u>"},
                reply=False,
            ),
            "Klaviyo campaign mail",
        ),
        other(
            "n-en-04",
            "newsletter",
            "en",
            mail(
                "Outdoor Co. <hello@outdoor.example>",
                "Please confirm your subscription",
                "Please confirm your subscription to Outdoor Co. news by clicking the button below.",
                reply=False,
            ),
            "a double opt-in confirmation (Mailchimp template)",
        ),
        other(
            "u-ru-01",
            "auto",
            "ru",
            mail(
                "Мебель-Урал <noreply@mebel-ural.example>",
                "Регистрация на сайте",
                "Это "
                "письмо сформировано автоматически. Вы зарегистрированы на сайте mebel-ural.example. Ваш логин: "
                "anna.k7m2x9p4qr@shopper.test",
                reply=False,
            ),
            "a shop's account-created mail (1C-Bitrix template)",
        ),
        other(
            "u-en-01",
            "auto",
            "en",
            mail(
                "Outdoor Co. <noreply@outdoor.example>",
                "Your account",
                "This is an automated message. Your account has been created.",
                reply=False,
            ),
            "a shop's account-created mail",
        ),
        other(
            "u-uk-01",
            "auto",
            "uk",
            mail(
                "Техно-Світ <noreply@tehno.example>",
                "Ваш пароль",
                "Це повідомлення створено "
                "автоматично. Ваш пароль для входу в особистий кабінет надіслано окремим листом.",
                reply=False,
            ),
            "a shop's password mail",
        ),
        other(
            "u-ru-02",
            "auto",
            "ru",
            mail(
                "Казань Доставка <noreply@kazan-dostavka.example>",
                "Заказ №55",
                "Здравствуйте! Ваш заказ №55 ожидает оплаты. Не отвечайте на это письмо.",
                reply=False,
            ),
            "an order-status mail",
        ),
        other(
            "u-en-02",
            "auto",
            "en",
            mail(
                "Ride Bikes <info@ridebikes.example>",
                "Re: Marlin 5",
                "This mailbox is not "
                "monitored. Please use our contact form at https://ridebikes.example/contact.",
                headers={"Auto-Submitted": "auto-replied"},
            ),
            "an unattended mailbox's auto-reply",
        ),
    ]


def generated_samples() -> list[Sample]:
    return [*people(), *acks(), *receipts_and_reports(), *away_news_auto()]
