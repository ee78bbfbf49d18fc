"""Blind red-team answers to the R, Java and C++ exercises: learners' wrong answers and valid ones.

Written by a reader who saw only the prompts (`/work/shared/redteam/prompts.py`), never the checks;
kept as they wrote them, apart from one move: `print(...)`'s `[1]` went from wrong to right when
the R prompt was made to say it is fine.
"""
# ruff: noqa: E501
# (answer cells are kept as the reader wrote them, long lines included)

# ---------------------------------------------------------------- R
R_HEAD = r'''d <- read.csv("masses.csv", stringsAsFactors = FALSE)
sp <- sort(unique(d$species))
x <- d$body_mass_g[d$species == sp[1]]
y <- d$body_mass_g[d$species == sp[2]]
'''

def _r(body, head=R_HEAD):
    return "r_ttest = r'''" + head + body + "'''\n"

R_WRONG = [
    # Student's t (pooled variance), not Welch
    _r('r <- t.test(x, y, var.equal = TRUE)\ncat(r$statistic, r$p.value, "\\n")\n'),
    # boundary on row order: "first" species taken in file order, not alphabetical
    _r('r <- t.test(x, y)\ncat(r$statistic, r$p.value, "\\n")\n',
       head=R_HEAD.replace("sort(unique(d$species))", "unique(d$species)")),
    # other minus first (sign flipped)
    _r('r <- t.test(y, x)\ncat(r$statistic, r$p.value, "\\n")\n'),
    # fixed 4 decimals: a tiny p-value prints as 0.0000 (no significant digits)
    _r('r <- t.test(x, y)\ncat(sprintf("%.4f", r$statistic), sprintf("%.4f", r$p.value), "\\n")\n'),
    # one-sided test
    _r('r <- t.test(x, y, alternative = "less")\ncat(r$statistic, r$p.value, "\\n")\n'),
    # hand-made Welch t but Student df (n1 + n2 - 2)
    _r('x <- x[!is.na(x)]; y <- y[!is.na(y)]\n'
       'se <- sqrt(var(x)/length(x) + var(y)/length(y))\n'
       't <- (mean(x) - mean(y)) / se\n'
       'df <- length(x) + length(y) - 2\n'
       'cat(t, 2 * pt(-abs(t), df), "\\n")\n'),
    # hand-made, NAs not removed -> NA NA
    _r('se <- sqrt(var(x)/length(x) + var(y)/length(y))\n'
       't <- (mean(x) - mean(y)) / se\n'
       'df <- se^4 / ((var(x)/length(x))^2/(length(x)-1) + (var(y)/length(y))^2/(length(y)-1))\n'
       'cat(t, 2 * pt(-abs(t), df), "\\n")\n'),
    # leak: values computed once on the penguins sample (Adelie vs Gentoo), file ignored
    "r_ttest = r'''d <- read.csv(\"masses.csv\")\ncat(-23.43, 2.1e-60, \"\\n\")\n'''\n",
]

R_RIGHT = [
    # print() adds "[1]": the prompt says R's index is fine (moved here from the wrong answers when
    # the prompt was made to say so)
    _r('r <- t.test(x, y)\nprint(c(unname(r$statistic), r$p.value))\n'),
    # formula interface: factor levels are sorted, so group 1 is alphabetical first
    "r_ttest = r'''d <- read.csv(\"masses.csv\")\n"
    "d$species <- factor(d$species, levels = sort(unique(as.character(d$species))))\n"
    "res <- t.test(body_mass_g ~ species, data = d)\n"
    "writeLines(format(unname(res$statistic), digits = 12))\n"
    "writeLines(format(res$p.value, digits = 12))\n'''\n",
    # Welch by hand, NA dropped with na.omit
    "r_ttest = r'''masses <- read.csv(\"masses.csv\", na.strings = \"NA\")\n"
    "masses <- masses[!is.na(masses$body_mass_g), ]\n"
    "groups <- split(masses$body_mass_g, masses$species)\n"
    "groups <- groups[order(names(groups))]\n"
    "a <- groups[[1]]; b <- groups[[2]]\n"
    "va <- var(a) / length(a); vb <- var(b) / length(b)\n"
    "tstat <- (mean(a) - mean(b)) / sqrt(va + vb)\n"
    "dof <- (va + vb)^2 / (va^2 / (length(a) - 1) + vb^2 / (length(b) - 1))\n"
    "p <- 2 * pt(abs(tstat), dof, lower.tail = FALSE)\n"
    "cat(sprintf(\"%.10g\", tstat), sprintf(\"%.10g\", p), sep = \" \")\n"
    "cat(\"\\n\")\n'''\n",
]

# ---------------------------------------------------------------- Java
J_OBVIOUS = r'''import java.io.*;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line = in.readLine();
        StringBuilder out = new StringBuilder();
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            String[] f = line.split(",", -1);
            if (f[2].equals("NA") || f[3].equals("NA") || f[4].equals("NA")) continue;
            long id = Long.parseLong(f[0].trim());
            double ratio = Double.parseDouble(f[2]) / Double.parseDouble(f[3]);
            long mass = Long.parseLong(f[4].trim());
            int heavy = mass >= 4500 ? 1 : 0;
            out.append(id).append(",").append(String.format("%.3f", ratio)).append(",").append(heavy).append("\n");
        }
        System.out.print(out);
    }
}
'''

def _j(src):
    return "java_features = r'''" + src + "'''\n"

J_WRONG = [
    _j(J_OBVIOUS.replace("mass >= 4500", "mass > 4500")),                       # boundary: exactly 4500
    _j(J_OBVIOUS.replace("long id = Long.parseLong", "int id = Integer.parseInt")),  # id overflows int
    _j(J_OBVIOUS.replace("Double.parseDouble(f[2]) / Double.parseDouble(f[3])",
                         "Double.parseDouble(f[3]) / Double.parseDouble(f[2])")),  # depth / length
    _j(J_OBVIOUS.replace('String.format("%.3f", ratio)', "ratio")),               # not rounded
    _j(J_OBVIOUS.replace('String.format("%.3f", ratio)', "((long) (ratio * 1000)) / 1000.0")),  # truncated
    _j(J_OBVIOUS.replace("StringBuilder out = new StringBuilder();",
                         'StringBuilder out = new StringBuilder("id,bill_ratio,heavy\\n");')),  # header
    # only drops rows missing body mass; NA bill -> NaN printed
    _j(J_OBVIOUS.replace('if (f[2].equals("NA") || f[3].equals("NA") || f[4].equals("NA")) continue;',
                         'if (f[4].equals("NA")) continue;\n'
                         '            if (f[2].equals("NA")) f[2] = "NaN";\n'
                         '            if (f[3].equals("NA")) f[3] = "NaN";')),
    # sorted by id instead of input order
    _j(r'''import java.io.*;
import java.util.*;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        in.readLine();
        TreeMap<Long, String> rows = new TreeMap<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            String[] f = line.split(",", -1);
            if (f[2].equals("NA") || f[3].equals("NA") || f[4].equals("NA")) continue;
            long id = Long.parseLong(f[0].trim());
            double ratio = Double.parseDouble(f[2]) / Double.parseDouble(f[3]);
            int heavy = Long.parseLong(f[4].trim()) >= 4500 ? 1 : 0;
            rows.put(id, id + "," + String.format("%.3f", ratio) + "," + heavy);
        }
        for (String r : rows.values()) System.out.println(r);
    }
}
'''),
    # leak: stdin read but ignored; prints the first penguins of the sample data
    _j(r'''import java.io.*;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        while (in.readLine() != null) { }
        System.out.println("1,2.091,0");
        System.out.println("2,2.270,0");
        System.out.println("3,2.239,0");
        System.out.println("5,1.902,0");
    }
}
'''),
]

J_RIGHT = [
    # other class name, id kept as text, exact-value HALF_EVEN rounding (= Python round), streams
    _j(r'''import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.stream.Collectors;

public class FeatureStep {
    record Penguin(String id, String length, String depth, String mass) {
        boolean complete() {
            return !length.equals("NA") && !depth.equals("NA") && !mass.equals("NA");
        }
        String features() {
            double ratio = Double.parseDouble(length) / Double.parseDouble(depth);
            BigDecimal r = new BigDecimal(ratio).setScale(3, RoundingMode.HALF_EVEN);
            int heavy = new BigDecimal(mass.trim()).compareTo(new BigDecimal(4500)) >= 0 ? 1 : 0;
            return id + "," + r.toPlainString() + "," + heavy;
        }
    }

    public static void main(String[] args) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String out = in.lines()
            .skip(1)
            .filter(l -> !l.isBlank())
            .map(l -> l.trim().split(",", -1))
            .map(f -> new Penguin(f[0].trim(), f[2].trim(), f[3].trim(), f[4].trim()))
            .filter(Penguin::complete)
            .map(Penguin::features)
            .collect(Collectors.joining("\n"));
        if (!out.isEmpty()) System.out.println(out);
    }
}
'''),
    # helper class, BigInteger id, Scanner, Math.round-based rounding printed with 3 decimals
    _j(r'''import java.math.BigInteger;
import java.util.Locale;
import java.util.Scanner;

class Row {
    static String convert(String[] f) {
        for (int k = 2; k <= 4; k++) if (f[k].equals("NA")) return null;
        BigInteger id = new BigInteger(f[0]);
        double ratio = Double.parseDouble(f[2]) / Double.parseDouble(f[3]);
        double rounded = Math.round(ratio * 1000.0) / 1000.0;
        int mass = Integer.parseInt(f[4]);
        return id + "," + String.format(Locale.ROOT, "%.3f", rounded) + "," + (mass >= 4500 ? "1" : "0");
    }
}

public class Features {
    public static void main(String[] args) {
        Scanner sc = new Scanner(System.in);
        if (sc.hasNextLine()) sc.nextLine();
        while (sc.hasNextLine()) {
            String line = sc.nextLine().trim();
            if (line.isEmpty()) continue;
            String r = Row.convert(line.split(","));
            if (r != null) System.out.println(r);
        }
    }
}
'''),
]

# ---------------------------------------------------------------- C++
C_OBVIOUS = r'''#include <cmath>
#include <iostream>
#include <vector>
using namespace std;

int main() {
    long n, d;
    double r;
    cin >> n >> d >> r;
    vector<double> p(n * d);
    for (auto &v : p) cin >> v;
    for (long i = 0; i < n; ++i) {
        long count = 0;
        for (long j = 0; j < n; ++j) {
            if (j == i) continue;
            double s = 0;
            for (long k = 0; k < d; ++k) {
                double t = p[i * d + k] - p[j * d + k];
                s += t * t;
            }
            if (sqrt(s) <= r) ++count;
        }
        cout << count << "\n";
    }
}
'''

def _c(src):
    return "cpp_neighbours = r'''" + src + "'''\n"

C_WRONG = [
    _c(C_OBVIOUS.replace("            if (j == i) continue;\n", "")),           # counts itself
    _c(C_OBVIOUS.replace("sqrt(s) <= r", "sqrt(s) < r")),                      # boundary: exactly r
    _c(C_OBVIOUS.replace("vector<double> p", "vector<float> p").replace("double s = 0", "float s = 0")
                .replace("double t =", "float t =").replace("double r;", "float r;")),  # float precision
    _c(C_OBVIOUS.replace("t * t", "fabs(t)").replace("sqrt(s) <= r", "s <= r")),  # Manhattan
    _c(C_OBVIOUS.replace("for (long j = 0; j < n; ++j)", "for (long j = i + 1; j < n; ++j)")),  # only later points
    _c(C_OBVIOUS.replace("sqrt(s) <= r", "s <= r")),                            # squared distance vs r
    _c(C_OBVIOUS.replace("k < d; ++k", "k < 2 && k < d; ++k")),                 # ignores dims beyond 2
    _c(C_OBVIOUS.replace("sqrt(s) <= r", "sqrt(s) <= 1.0")),                    # leak: r ignored
    _c(C_OBVIOUS.replace('cout << count << "\\n";', 'cout << count << " ";')),  # one line, not n lines
]

C_RIGHT = [
    # symmetric half loop, C stdio
    _c(r'''#include <cstdio>
#include <cmath>
#include <vector>

int main() {
    int n, d;
    double r;
    if (std::scanf("%d %d %lf", &n, &d, &r) != 3) return 0;
    std::vector<std::vector<double>> pts(n, std::vector<double>(d));
    for (int i = 0; i < n; i++)
        for (int k = 0; k < d; k++) std::scanf("%lf", &pts[i][k]);
    std::vector<long long> cnt(n, 0);
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            double acc = 0.0;
            for (int k = 0; k < d; k++) {
                double diff = pts[i][k] - pts[j][k];
                acc += diff * diff;
            }
            if (std::sqrt(acc) <= r) { cnt[i]++; cnt[j]++; }
        }
    }
    for (int i = 0; i < n; i++) std::printf("%lld\n", cnt[i]);
    return 0;
}
'''),
    # struct of points, lambda distance, fast iostream
    _c(r'''#include <bits/stdc++.h>

struct Point { std::vector<double> x; };

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    std::size_t n, d;
    double radius;
    std::cin >> n >> d >> radius;
    std::vector<Point> pts(n);
    for (auto &pt : pts) {
        pt.x.resize(d);
        for (auto &c : pt.x) std::cin >> c;
    }
    auto dist = [&](const Point &a, const Point &b) {
        double s = 0.0;
        for (std::size_t k = 0; k < d; ++k) s += (a.x[k] - b.x[k]) * (a.x[k] - b.x[k]);
        return std::sqrt(s);
    };
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        int c = 0;
        for (std::size_t j = 0; j < n; ++j)
            if (i != j && dist(pts[i], pts[j]) <= radius) ++c;
        out += std::to_string(c);
        out += '\n';
    }
    std::cout << out;
}
'''),
]
