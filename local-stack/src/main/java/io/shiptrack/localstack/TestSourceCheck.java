package io.shiptrack.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Two rules of CONTRIBUTING.md checked on the test sources of a module (a plain scan of {@code src/test/java}, run by
 * a test in each module that has tests):
 * <ol>
 * <li><b>Every test asserts.</b> The body of each {@code @Test}, {@code @ParameterizedTest} and
 * {@code @RepeatedTest} method calls an assertion: {@code assert...(}, {@code fail(}, {@code verify...(}, an
 * Awaitility {@code .until...(}, RestAssured's {@code .then()}, or a method named {@code assert...},
 * {@code expect...} or {@code check...} of any class (the support classes' helpers); or it calls a method declared
 * in the same file (by name) whose body does, directly or through such methods in turn.</li>
 * <li><b>No mocked storage, queue or Redis.</b> No {@code QuarkusMock.installMockForType/installMockForInstance} and
 * no {@code @InjectMock} of a class that talks to Table Storage, the queue or Redis ({@link #REAL_PARTS}): tests use
 * the real parts behind the fault proxy instead.</li>
 * </ol>
 * The scan reads sources with comments and string literals blanked out; it knows no types, so a call counts by its
 * name alone.
 */
public final class TestSourceCheck {

    /** The gateways and stores of storage, queue and Redis, which tests must not replace with mocks. */
    public static final Set<String> REAL_PARTS = Set.of("PrimaryTablesGateway", "SecondaryTablesGateway",
            "FailoverReader", "Tables", "TableEndpoints", "JobQueueGateway", "RedisGateway", "ShipmentCache",
            "NearCache", "ShipmentStore", "JobStore", "RedisShipmentCache", "TableClient", "TableServiceClient",
            "QueueClient", "ReactiveRedisDataSource", "RedisDataSource");

    private static final Pattern TEST_ANNOTATION = Pattern.compile("@(Test|ParameterizedTest|RepeatedTest)\\b(?!\\w)");
    private static final Pattern METHOD = Pattern.compile("\\b([A-Za-z_$][\\w$]*)\\s*\\(");
    private static final Pattern ASSERTION = Pattern
            .compile("\\b(assert\\w*|fail|verify\\w*|expect\\w*|check\\w*)\\s*\\("
                    + "|\\.until\\w*\\s*\\(|\\.then\\s*\\(\\s*\\)");
    private static final Pattern MOCK = Pattern
            .compile("\\bQuarkusMock\\s*\\.\\s*installMockFor(Type|Instance)\\s*\\(|@InjectMock\\b");
    private static final Set<String> KEYWORDS = Set.of("if", "for", "while", "switch", "catch", "synchronized",
            "return", "new", "throw", "try", "else", "do", "super", "this");

    private TestSourceCheck() {
    }

    /** Every break of the two rules under {@code testSources}, as "File.java:line: what"; empty when none. */
    public static List<String> violations(Path testSources) {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(testSources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                violations.addAll(violations(testSources.relativize(file).toString(), Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return violations;
    }

    /** The breaks of the two rules in one source file named {@code name}. */
    public static List<String> violations(String name, String source) {
        String code = blanked(source);
        List<String> violations = new ArrayList<>();
        Map<String, List<String>> bodies = methodBodies(code);
        Set<String> asserting = asserting(bodies);
        Matcher test = TEST_ANNOTATION.matcher(code);
        while (test.find()) {
            Declared method = declarationAfter(code, test.end());
            if (method != null && !asserts(method.body, asserting)) {
                violations.add(name + ":" + line(code, test.start()) + ": test " + method.name
                        + " calls no assertion");
            }
        }
        Matcher mock = MOCK.matcher(code);
        while (mock.find()) {
            String statement = code.substring(mock.start(), statementEnd(code, mock.end()));
            for (String part : REAL_PARTS) {
                if (Pattern.compile("\\b" + part + "\\b").matcher(statement).find()) {
                    violations.add(name + ":" + line(code, mock.start()) + ": mocks " + part
                            + "; use the real part (behind the fault proxy) instead");
                }
            }
        }
        return violations;
    }

    private record Declared(String name, String body) {
    }

    /** The method declared right after {@code from} (past its annotations): its name and body. */
    private static Declared declarationAfter(String code, int from) {
        Matcher call = METHOD.matcher(code);
        int at = from;
        while (call.find(at)) {
            String name = call.group(1);
            int close = matching(code, call.end() - 1, '(', ')');
            if (close < 0) {
                return null;
            }
            if (isAnnotationArgument(code, call.start())) {
                at = close + 1;
                continue;
            }
            int open = code.indexOf('{', close);
            int semicolon = code.indexOf(';', close);
            if (open < 0 || (semicolon >= 0 && semicolon < open)) {
                return null;
            }
            int end = matching(code, open, '{', '}');
            return end < 0 ? null : new Declared(name, code.substring(open, end + 1));
        }
        return null;
    }

    /** Whether the call at {@code start} is the argument list of an annotation ({@code @ValueSource(...)}). */
    private static boolean isAnnotationArgument(String code, int start) {
        int nameStart = start;
        while (nameStart > 0 && (Character.isJavaIdentifierPart(code.charAt(nameStart - 1))
                || code.charAt(nameStart - 1) == '.')) {
            nameStart--;
        }
        return nameStart > 0 && code.charAt(nameStart - 1) == '@';
    }

    /** Every method declared in the file (by name; overloads merged), with its body. */
    private static Map<String, List<String>> methodBodies(String code) {
        Map<String, List<String>> bodies = new HashMap<>();
        Matcher call = METHOD.matcher(code);
        int at = 0;
        while (call.find(at)) {
            at = call.end();
            String name = call.group(1);
            if (KEYWORDS.contains(name)) {
                continue;
            }
            int close = matching(code, call.end() - 1, '(', ')');
            if (close < 0) {
                continue;
            }
            int next = skipSpace(code, close + 1);
            if (code.startsWith("throws", next)) {
                next = code.indexOf('{', next);
                if (next < 0) {
                    continue;
                }
            }
            // A declaration: a type (or a modifier) before the name, and a body right after the parameters.
            if (next < code.length() && code.charAt(next) == '{' && declaresType(code, call.start())) {
                int end = matching(code, next, '{', '}');
                if (end > 0) {
                    bodies.computeIfAbsent(name, k -> new ArrayList<>()).add(code.substring(next, end + 1));
                }
            }
        }
        return bodies;
    }

    /** Whether the word before the name at {@code start} is a type or a modifier, not an operator or a keyword. */
    private static boolean declaresType(String code, int start) {
        int i = start - 1;
        while (i >= 0 && Character.isWhitespace(code.charAt(i))) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        char c = code.charAt(i);
        if (c == '>' || c == ']') {
            return true;
        }
        if (!Character.isJavaIdentifierPart(c)) {
            return false;
        }
        int wordEnd = i + 1;
        while (i >= 0 && Character.isJavaIdentifierPart(code.charAt(i))) {
            i--;
        }
        String word = code.substring(i + 1, wordEnd);
        return !Set.of("new", "return", "throw", "else", "case").contains(word);
    }

    /** The methods of the file whose body asserts, directly or through other methods of the file. */
    private static Set<String> asserting(Map<String, List<String>> bodies) {
        Set<String> asserting = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<String, List<String>> method : bodies.entrySet()) {
                if (!asserting.contains(method.getKey())
                        && method.getValue().stream().anyMatch(body -> asserts(body, asserting))) {
                    asserting.add(method.getKey());
                    grew = true;
                }
            }
        }
        return asserting;
    }

    private static boolean asserts(String body, Set<String> asserting) {
        if (ASSERTION.matcher(body).find()) {
            return true;
        }
        Matcher call = METHOD.matcher(body);
        while (call.find()) {
            if (asserting.contains(call.group(1))) {
                return true;
            }
        }
        return false;
    }

    private static int statementEnd(String code, int from) {
        int open = from - 1;
        if (code.charAt(open) == '(') {
            int close = matching(code, open, '(', ')');
            return close < 0 ? code.length() : close + 1;
        }
        int end = code.indexOf(';', from);
        return end < 0 ? code.length() : end;
    }

    private static int skipSpace(String code, int from) {
        int i = from;
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The index of the bracket closing the one at {@code open}, or -1. */
    private static int matching(String code, int open, char opening, char closing) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int line(String code, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The source with comments and the contents of string, text block and char literals replaced by spaces. */
    static String blanked(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                while (i < source.length() && source.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                for (; i < end; i++) {
                    out.append(source.charAt(i) == '\n' ? '\n' : ' ');
                }
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end + 3;
                out.append("\"\"\"");
                for (i += 3; i < end - 3; i++) {
                    out.append(source.charAt(i) == '\n' ? '\n' : ' ');
                }
                out.append("\"\"\"");
                i = end;
            } else if (c == '"' || c == '\'') {
                out.append(c);
                i++;
                while (i < source.length() && source.charAt(i) != c && source.charAt(i) != '\n') {
                    if (source.charAt(i) == '\\') {
                        out.append(' ');
                        i++;
                    }
                    out.append(' ');
                    i++;
                }
                if (i < source.length()) {
                    out.append(source.charAt(i));
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
