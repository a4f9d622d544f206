package io.tributary.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The {@code --help} texts the docs show, generated from the picocli commands as {@code
 * ParameterDocs} generates the parameter tables: every fenced block of a page that starts with
 * {@code Usage: tributary ...} is replaced by what that command prints now, and
 * docs/command-line.md gets every command's help between {@link #START} and {@link #END}.
 *
 * <pre>
 * java -cp "target/classes:$(cat target/classpath.txt)" io.tributary.cli.CommandLineDocs --write
 * </pre>
 *
 * Without {@code --write} it names the pages that differ and exits 1.
 */
public final class CommandLineDocs {
    public static final Path PAGE = Path.of("docs/command-line.md");
    public static final String START = "<!-- command-help:start -->";
    public static final String END = "<!-- command-help:end -->";

    /** A fenced block showing a command's help: its command path is group 2. */
    static final Pattern USAGE_BLOCK =
            Pattern.compile(
                    "(?m)^```\\n(Usage: tributary((?: [a-z]+)*)(?: [^\\n]*)?\\n(?:.*\\n)*?)```$");

    private CommandLineDocs() {}

    public static void main(String[] args) throws IOException {
        boolean write = List.of(args).contains("--write");
        List<String> stale = new ArrayList<>();
        for (Path page : pages()) {
            String text = Files.readString(page);
            String fresh = render(text, page.equals(PAGE));
            if (!fresh.equals(text)) {
                stale.add(page.toString());
                if (write) {
                    Files.writeString(page, fresh);
                }
            }
        }
        System.out.println((write ? "rewrote " : "differ from the commands: ") + stale);
        if (!write && !stale.isEmpty()) {
            System.exit(1);
        }
    }

    /** README.md and every page under docs/. */
    public static List<Path> pages() throws IOException {
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
            pages.addAll(docs.filter(p -> p.toString().endsWith(".md")).sorted().toList());
            return pages;
        }
    }

    /**
     * The page with every help block as the commands print it now, and (with {@code allCommands})
     * the generated section of every command's help.
     */
    public static String render(String page, boolean allCommands) {
        if (allCommands) {
            int start = page.indexOf(START);
            int end = page.indexOf(END);
            if (start < 0 || end < start) {
                throw new IllegalStateException(PAGE + " has no " + START + " ... " + END);
            }
            page =
                    page.substring(0, start + START.length())
                            + "\n"
                            + everyCommand()
                            + page.substring(end);
        }
        Matcher block = USAGE_BLOCK.matcher(page);
        StringBuilder out = new StringBuilder();
        while (block.find()) {
            String help = usage(block.group(2).strip());
            block.appendReplacement(out, Matcher.quoteReplacement("```\n" + help + "\n```"));
        }
        block.appendTail(out);
        return out.toString();
    }

    /** The help of a command path ("", "preview", "schema infer"), as {@code --help} prints it. */
    public static String usage(String path) {
        CommandLine command = Options.commandLine();
        for (String name : path.isEmpty() ? new String[0] : path.split(" ")) {
            command = command.getSubcommands().get(name);
            if (command == null) {
                throw new IllegalArgumentException("no command 'tributary " + path + "'");
            }
        }
        return Options.parse((path + " --help").strip().split(" ")).usage;
    }

    /** Every command's path below the root, in the order the root's help lists them. */
    public static List<String> commands() {
        List<String> paths = new ArrayList<>();
        collect(Options.commandLine(), "", paths);
        return paths;
    }

    /**
     * The longest command path the words start with ("schema infer" of {@code schema infer x
     * --write}); "" for the root.
     */
    public static String commandOf(List<String> words) {
        CommandLine command = Options.commandLine();
        StringBuilder path = new StringBuilder();
        for (String word : words) {
            CommandLine sub = command.getSubcommands().get(word);
            if (sub == null || !(sub.getCommand() instanceof CommandArgs)) {
                break;
            }
            command = sub;
            path.append(path.length() == 0 ? "" : " ").append(word);
        }
        return path.toString();
    }

    /** The names of the options a command takes after its name ({@code -h}, {@code --pages}...). */
    public static Set<String> optionNames(String path) {
        CommandLine command = Options.commandLine();
        for (String name : path.isEmpty() ? new String[0] : path.split(" ")) {
            command = command.getSubcommands().get(name);
        }
        return new TreeSet<>(command.getCommandSpec().optionsMap().keySet());
    }

    private static void collect(CommandLine command, String path, List<String> paths) {
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (sub.getValue().getCommand() instanceof CommandArgs) {
                String name = (path + " " + sub.getKey()).strip();
                paths.add(name);
                collect(sub.getValue(), name, paths);
            }
        }
    }

    private static String everyCommand() {
        StringBuilder b = new StringBuilder();
        b.append("<!-- generated from the picocli commands in io.tributary.cli by CommandLineDocs")
                .append(" --write; edit the commands, not this text -->\n")
                .append("<details><summary>every command's --help</summary>\n\n");
        for (String path : commands()) {
            b.append("```\n").append(usage(path)).append("\n```\n");
        }
        return b.append("</details>\n").toString();
    }
}
