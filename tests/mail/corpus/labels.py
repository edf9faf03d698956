"""Labels of the reconstructed public samples in eml/: (kind, language, source).

Each file is a trimmed copy of one sample of sisimai's public bounce and auto-reply set
(github.com/sisimai/set-of-emails, maildir/bsd/<name>.eml): Received/DKIM/ARC and vendor
tracking headers dropped, the returned original cut to its headers. Labels follow the
sample itself: the RFC 3464 Action field where there is one (failed -> bounce; delayed ->
delivery), else the MTA's documented subject/text ("Warning: message ... delayed" is a
delay; "failure notice" is qmail's bounce). rfc3464-35 has one delayed and two failed
recipients: a permanent failure, so a bounce.
"""

from __future__ import annotations

SET = "sisimai/set-of-emails maildir/bsd/"

EML_LABELS: dict[str, tuple[str, str | None, str]] = {
    "sisimai-lhost-postfix-01": ("bounce", None, SET + "lhost-postfix-01.eml"),
    "sisimai-lhost-postfix-02": ("bounce", None, SET + "lhost-postfix-02.eml"),
    "sisimai-lhost-postfix-05": ("bounce", None, SET + "lhost-postfix-05.eml"),
    "sisimai-lhost-exim-01": ("bounce", None, SET + "lhost-exim-01.eml"),
    "sisimai-lhost-exim-05": ("bounce", None, SET + "lhost-exim-05.eml"),
    "sisimai-lhost-sendmail-01": ("bounce", None, SET + "lhost-sendmail-01.eml"),
    "sisimai-lhost-qmail-01": ("bounce", None, SET + "lhost-qmail-01.eml"),
    "sisimai-lhost-qmail-02": ("bounce", None, SET + "lhost-qmail-02.eml"),
    "sisimai-lhost-gmail-01": ("bounce", None, SET + "lhost-gmail-01.eml"),
    "sisimai-lhost-office365-01": ("bounce", None, SET + "lhost-office365-01.eml"),
    "sisimai-lhost-exchange2007-01": ("bounce", None, SET + "lhost-exchange2007-01.eml"),
    "sisimai-lhost-exchange2003-01": ("bounce", None, SET + "lhost-exchange2003-01.eml"),
    "sisimai-lhost-yahoo-01": ("bounce", None, SET + "lhost-yahoo-01.eml"),
    "sisimai-lhost-mailru-01": ("bounce", "ru", SET + "lhost-mailru-01.eml"),
    "sisimai-lhost-mailru-02": ("bounce", "ru", SET + "lhost-mailru-02.eml"),
    "sisimai-lhost-yandex-01": ("bounce", "ru", SET + "lhost-yandex-01.eml"),
    "sisimai-lhost-yandex-02": ("bounce", "ru", SET + "lhost-yandex-02.eml"),
    "sisimai-rhost-iua-01": ("bounce", None, SET + "rhost-iua-01.eml"),
    "sisimai-lhost-courier-01": ("bounce", None, SET + "lhost-courier-01.eml"),
    "sisimai-lhost-opensmtpd-01": ("bounce", None, SET + "lhost-opensmtpd-01.eml"),
    "sisimai-lhost-amazonses-01": ("bounce", None, SET + "lhost-amazonses-01.eml"),
    "sisimai-lhost-domino-01": ("bounce", None, SET + "lhost-domino-01.eml"),
    "sisimai-rfc3464-01": ("bounce", None, SET + "rfc3464-01.eml"),
    "sisimai-lhost-outlook-01": ("bounce", None, SET + "lhost-outlook-01.eml"),
    "sisimai-lhost-zoho-01": ("bounce", None, SET + "lhost-zoho-01.eml"),
    "sisimai-rfc3464-35": ("bounce", None, SET + "rfc3464-35.eml"),
    "sisimai-lhost-exim-38": ("delivery", None, SET + "lhost-exim-38.eml"),
    "sisimai-lhost-exim-41": ("delivery", None, SET + "lhost-exim-41.eml"),
    "sisimai-lhost-gmail-06": ("delivery", None, SET + "lhost-gmail-06.eml"),
    "sisimai-lhost-gmail-08": ("delivery", None, SET + "lhost-gmail-08.eml"),
    "sisimai-lhost-gmail-09": ("delivery", None, SET + "lhost-gmail-09.eml"),
    "sisimai-lhost-gmail-17": ("delivery", None, SET + "lhost-gmail-17.eml"),
    "sisimai-rfc3464-09": ("delivery", None, SET + "rfc3464-09.eml"),
    "sisimai-rfc3464-07": ("delivery", None, SET + "rfc3464-07.eml"),
    "sisimai-lhost-outlook-06": ("delivery", None, SET + "lhost-outlook-06.eml"),
    "sisimai-lhost-sendmail-29": ("delivery", None, SET + "lhost-sendmail-29.eml"),
    "sisimai-rhost-gsuite-06": ("delivery", None, SET + "rhost-gsuite-06.eml"),
    "sisimai-lhost-zoho-04": ("delivery", None, SET + "lhost-zoho-04.eml"),
    "sisimai-rfc3464-34": ("delivery", None, SET + "rfc3464-34.eml"),
    "sisimai-lhost-messagingserver-07": ("delivery", None, SET + "lhost-messagingserver-07.eml"),
    "sisimai-lhost-opensmtpd-06": ("delivery", None, SET + "lhost-opensmtpd-06.eml"),
    "sisimai-lhost-opensmtpd-12": ("delivery", None, SET + "lhost-opensmtpd-12.eml"),
    "sisimai-rfc3834-01": ("ooo", "en", SET + "rfc3834-01.eml"),
    "sisimai-rfc3834-02": ("ooo", "en", SET + "rfc3834-02.eml"),
    "sisimai-rfc3834-03": ("ooo", "en", SET + "rfc3834-03.eml"),
    "sisimai-rfc3834-04": ("ooo", "en", SET + "rfc3834-04.eml"),
    "sisimai-rfc3834-05": ("auto", "en", SET + "rfc3834-05.eml"),
    "sisimai-rfc3834-06": ("auto", "en", SET + "rfc3834-06.eml"),
}
