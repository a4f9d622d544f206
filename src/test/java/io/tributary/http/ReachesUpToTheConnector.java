package io.tributary.http;

import io.tributary.connector.SyncRun;

/**
 * A deliberate upward import, for LayersTest to show that the layer rule catches one. Never use it.
 */
public final class ReachesUpToTheConnector {
    SyncRun run;
}
