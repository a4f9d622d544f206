package io.tributary.cli;

/** Tributary's exit codes, which schedulers and scripts act on. */
public final class ExitCodes {
    /** Everything asked for succeeded. */
    public static final int OK = 0;

    /** A sync (or a check, a preview) failed; the cursor stayed where the last commit left it. */
    public static final int SYNC_FAILED = 1;

    /** Bad input: a route file, a parameter, a setting, an option. Nothing ran. */
    public static final int BAD_USAGE = 2;

    private ExitCodes() {}
}
