#!/usr/bin/python3
# Prints the messages of a Maildir (as aiosmtpd's Mailbox handler stores them) as one JSON
# array, oldest first: headers decoded (RFC 2047), the text and HTML parts decoded from their
# transfer encoding, for the e-mail tests (tests/backend/smtp_sink.h, tests/browser/email.test.mjs).
import email.policy, json, mailbox, os, sys

out = []
box = mailbox.Maildir(sys.argv[1], create=False)
for key in box.keys():
    raw = box.get_bytes(key)
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    item = {"raw": raw.decode("utf-8", "replace"), "headers": {}}
    for name in ("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post",
                 "Auto-Submitted", "X-RcptTo"):
        if msg[name] is not None:
            item["headers"][name.lower()] = str(msg[name])
    item["subject"] = str(msg["Subject"] or "")
    item["to"] = str(msg["To"] or "")
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    item["text"] = text.get_content() if text is not None else ""
    item["html"] = html.get_content() if html is not None else ""
    item["content_type"] = msg.get_content_type()
    path = os.path.join(sys.argv[1], "new", key)
    out.append((os.stat(path).st_mtime_ns if os.path.exists(path) else 0, key, item))
out.sort(key=lambda t: (t[0], t[1]))
json.dump([item for _, _, item in out], sys.stdout)
