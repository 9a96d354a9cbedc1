package com.coeffection.sync.connections.web;

import org.apache.commons.text.StringEscapeUtils;

/** HTML escaping for the few server-rendered messages. */
final class Html {
    private Html() {
    }

    static String escape(String text) {
        return StringEscapeUtils.escapeHtml4(text == null ? "" : text);
    }
}
