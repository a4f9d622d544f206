package io.tributary.auth;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The secrets an authenticator holds: its configured ones, and the most recent tokens it obtained
 * at run time. Old tokens are forgotten after {@value #REMEMBERED} newer ones, so a connector that
 * runs for months does not grow its masking list without bound. Snapshots are immutable and only
 * replaced when something is learned, so {@link SecretMasker} notices a change cheaply.
 */
final class KnownSecrets {
    static final int REMEMBERED = 16;
    private final Set<String> configured;
    private final Deque<String> learned = new ArrayDeque<>();
    private volatile Set<String> snapshot;

    KnownSecrets(String... configured) {
        Set<String> set = new LinkedHashSet<>();
        for (String s : configured) {
            if (s != null && !s.isEmpty()) {
                set.add(s);
            }
        }
        this.configured = set;
        this.snapshot = Set.copyOf(set);
    }

    synchronized void learn(String secret) {
        if (secret == null || secret.isEmpty() || snapshot.contains(secret)) {
            return;
        }
        learned.addLast(secret);
        while (learned.size() > REMEMBERED) {
            learned.removeFirst();
        }
        Set<String> set = new LinkedHashSet<>(configured);
        set.addAll(learned);
        snapshot = Set.copyOf(set);
    }

    Set<String> snapshot() {
        return snapshot;
    }
}
