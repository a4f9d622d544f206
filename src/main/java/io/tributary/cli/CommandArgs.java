package io.tributary.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * What every command takes, declared once: the help layout, {@code -h}/{@code -V}, {@code
 * --config=FILE} and settings as {@code --key=value}. Picocli reads a superclass's {@code @Command}
 * attributes first and lets a subclass's own attributes win, so each command's class only says its
 * name, its text and its own options.
 */
@Command(
        mixinStandardHelpOptions = true,
        versionProvider = Options.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = false,
        usageHelpWidth = 100,
        footerHeading = "%n")
abstract class CommandArgs {
    /** The help line of the settings {@code @Unmatched} collects; heads every command's footer. */
    static final String SETTING =
            "  --<key>=<value>  Override one setting, e.g. --tributary.db.url=jdbc:postgresql://db/etl";

    static final String DEFAULT_CONFIG = "application.properties";

    @Option(
            names = "--config",
            paramLabel = "FILE",
            defaultValue = DEFAULT_CONFIG,
            description = "The settings file (default: ${DEFAULT-VALUE} in the working directory).")
    String config;

    @Unmatched List<String> settings = new ArrayList<>();

    /**
     * These arguments as options: sets the action and what the command's flags say on {@code
     * parsed}, or throws {@link Options.Builder#bad} naming the flag and the value.
     */
    abstract void into(Options.Builder parsed);

    /** Puts {@link #SETTING} on top of every command's footer, so no command repeats it. */
    static CommandLine withSettingsLine(CommandLine command) {
        if (command.getCommand() instanceof CommandArgs) {
            UsageMessageSpec usage = command.getCommandSpec().usageMessage();
            List<String> footer = new ArrayList<>(List.of(SETTING));
            if (usage.footer().length > 0) {
                footer.add("");
                footer.addAll(List.of(usage.footer()));
            }
            usage.footer(footer.toArray(String[]::new));
        }
        command.getSubcommands().values().forEach(CommandArgs::withSettingsLine);
        return command;
    }
}
