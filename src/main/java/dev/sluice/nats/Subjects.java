package dev.sluice.nats;

import dev.sluice.bus.Topic;

/**
 * NATS subject names. Events go to {@code <prefix>.<exchange>.<channel>.<symbol>}; a node subscribes to
 * {@code <prefix>.>} and reads the topic from the message itself, so a symbol with dots ({@code 700.HK}) simply spans
 * several subject tokens. Characters NATS forbids in subjects (whitespace, {@code *}, {@code >}) become {@code _}.
 * Snapshot requests go to {@code <prefix>-snapshot}, outside the event subjects, so nodes never see each other's
 * requests.
 */
final class Subjects {

    private Subjects() {
    }

    static String of(String prefix, Topic topic) {
        return prefix + '.' + token(topic.exchange()) + '.' + token(topic.channel()) + '.' + token(topic.symbol());
    }

    static String allEvents(String prefix) {
        return prefix + ".>";
    }

    static String snapshotRequests(String prefix) {
        return prefix + "-snapshot";
    }

    private static String token(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(Character.isWhitespace(c) || c == '*' || c == '>' ? '_' : c);
        }
        return out.toString();
    }
}
