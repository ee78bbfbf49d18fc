"""Red-team answers to the R, Java and C++ exercises: learners' wrong answers and valid ones."""
# ruff: noqa: E501
# (answer cells are kept as a learner would write them, long lines included)

# Written from the prompts dump alone (/work/shared/redteam/prompts.py) before re-reading the checks,
# by the exercises' author (no blind reader was available); run with /work/shared/redteam/run.py.

R_TTEST_WRONG = [
    r'''r_ttest = r"""
d <- read.csv("masses.csv")
print(t.test(body_mass_g ~ species, data = d))
"""''',
    r'''r_ttest = r"""
d <- read.csv("masses.csv")
g <- unique(d$species)
res <- t.test(d$body_mass_g[d$species == g[1]], d$body_mass_g[d$species == g[2]])
cat(res$statistic, res$p.value)
"""''',
    r'''r_ttest = r"""
d <- read.csv("masses.csv")
res <- t.test(body_mass_g ~ species, data = d)
cat(round(res$statistic, 2), round(res$p.value, 2))
"""''',
    r'''r_ttest = r"""
d <- read.csv("masses.csv")
g <- split(d$body_mass_g, d$species)
a <- na.omit(g[[1]]); b <- na.omit(g[[2]])
se <- sqrt(var(a)/length(a) + var(b)/length(b))
t <- (mean(a) - mean(b)) / se
df <- se^4 / ((var(a)/length(a))^2/(length(a)-1) + (var(b)/length(b))^2/(length(b)-1))
cat(t, 2 * pt(-abs(t), floor(df)))
"""''',
    r'''r_ttest = r"""
d <- read.csv("masses.csv")
g <- split(d$body_mass_g, d$species)
a <- na.omit(g[[1]]); b <- na.omit(g[[2]])
t <- (mean(a) - mean(b)) / sqrt(var(a)/length(a) + var(b)/length(b))
cat(t, 2 * pnorm(-abs(t)))
"""''',
    r'''r_ttest = r"""
d <- read.csv("masses.csv")
res <- t.test(body_mass_g ~ species, data = d, var.equal = TRUE)
cat(res$statistic, res$p.value)
"""''',
    r'''r_ttest = r"""
d <- read.csv("masses.csv")
res <- t.test(body_mass_g ~ species, data = d, alternative = "less")
cat(res$statistic, res$p.value)
"""''',
    r'''r_ttest = r"""
d <- read.csv("masses.csv")
g <- split(d$body_mass_g, d$species)
res <- t.test(g[[1]], g[[2]], paired = FALSE, var.equal = FALSE, conf.level = 0.9)
cat(res$statistic, res$p.value / 2)
"""''',
]

R_TTEST_RIGHT = [
    r'''r_ttest = r"""
d <- read.csv("masses.csv")
sp <- sort(unique(d$species))
res <- with(d, t.test(body_mass_g[species == sp[1]], body_mass_g[species == sp[2]]))
writeLines(format(c(res$statistic, res$p.value), digits = 10))
"""''',
    r'''r_ttest = r"""
d <- read.csv("masses.csv")
res <- t.test(body_mass_g ~ species, data = d, na.action = na.omit)
print(c(res$statistic, p = res$p.value))
"""''',
]

JAVA_FEATURES_WRONG = [
    # 4 decimals where the prompt asks for 3 (this was among the right answers until the check read
    # the printed decimals; a blind reader counted an unrounded ratio wrong)
    r'''java_features = r"""
import java.io.*;
import java.util.*;

public class FeatureStep {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String header = in.readLine();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            String[] f = line.split(",");
            if (Arrays.asList(f).subList(2, 5).contains("NA")) continue;
            System.out.printf(Locale.US, "%s,%.4f,%d%n", new java.math.BigInteger(f[0]), Double.parseDouble(f[2]) / Double.parseDouble(f[3]), Long.parseLong(f[4]) >= 4500L ? 1 : 0);
        }
    }
}
"""''',
    r'''java_features = r"""
import java.io.*;
import java.util.*;

public class FeatureStep {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String header = in.readLine();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            String[] f = line.split(",");
            if (f[2].equals("NA") || f[3].equals("NA") || f[4].equals("NA")) continue;
            int id = Integer.parseInt(f[0]);
            double ratio = Double.parseDouble(f[2]) / Double.parseDouble(f[3]);
            int heavy = Integer.parseInt(f[4]) >= 4500 ? 1 : 0;
            System.out.println(id + "," + String.format("%.3f", ratio) + "," + heavy);
        }
    }
}
"""''',
    r'''java_features = r"""
import java.io.*;
import java.util.*;

public class FeatureStep {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String header = in.readLine();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            String[] f = line.split(",");
            if (f[2].equals("NA") || f[3].equals("NA") || f[4].equals("NA")) continue;
            double id = Double.parseDouble(f[0]);
            double ratio = Double.parseDouble(f[2]) / Double.parseDouble(f[3]);
            int heavy = Integer.parseInt(f[4]) >= 4500 ? 1 : 0;
            System.out.println((long) id + "," + String.format("%.3f", ratio) + "," + heavy);
        }
    }
}
"""''',
    r'''java_features = r"""
import java.io.*;
import java.util.*;

public class FeatureStep {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String header = in.readLine();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            String[] f = line.split(",");
            if (f[2].equals("NA") || f[3].equals("NA") || f[4].equals("NA")) continue;
            long id = Long.parseLong(f[0]);
            double ratio = Double.parseDouble(f[2]) / Double.parseDouble(f[3]);
            System.out.println(id + "," + ((int) (ratio * 1000)) / 1000.0 + "," + (Integer.parseInt(f[4]) >= 4500 ? 1 : 0));
        }
    }
}
"""''',
    r'''java_features = r"""
import java.io.*;
import java.util.*;

public class FeatureStep {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String header = in.readLine();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            String[] f = line.split(",");
            if (f[2].equals("NA") || f[3].equals("NA") || f[4].equals("NA")) continue;
            long id = Long.parseLong(f[0]);
            double ratio = Double.parseDouble(f[2]) / Double.parseDouble(f[3]);
            boolean heavy = Integer.parseInt(f[4]) >= 4500;
            System.out.println(id + "," + String.format("%.3f", ratio) + "," + heavy);
        }
    }
}
"""''',
    r'''java_features = r"""
import java.io.*;
import java.util.*;

public class FeatureStep {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String header = in.readLine();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            String[] f = line.split(",");
            if (f[4].equals("NA")) continue;
            long id = Long.parseLong(f[0]);
            double ratio = f[2].equals("NA") || f[3].equals("NA") ? 0 : Double.parseDouble(f[2]) / Double.parseDouble(f[3]);
            System.out.println(id + "," + String.format("%.3f", ratio) + "," + (Integer.parseInt(f[4]) >= 4500 ? 1 : 0));
        }
    }
}
"""''',
    r'''java_features = r"""
import java.io.*;
import java.util.*;

public class FeatureStep {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String header = in.readLine();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            String[] f = line.split(",");
            if (f[2].equals("NA") || f[3].equals("NA") || f[4].equals("NA")) continue;
            long id = Long.parseLong(f[0]);
            double ratio = Double.parseDouble(f[2]) / Double.parseDouble(f[3]);
            System.out.println(id + "," + String.format("%.2f", ratio) + "," + (Integer.parseInt(f[4]) >= 4500 ? 1 : 0));
        }
    }
}
"""''',
    r'''java_features = r"""
import java.io.*;
import java.util.*;

public class FeatureStep {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String header = in.readLine();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            String[] f = line.split(",");
            if (f[2].equals("NA") || f[3].equals("NA") || f[4].equals("NA")) continue;
            long id = Long.parseLong(f[0]);
            double ratio = Double.parseDouble(f[2]) / Double.parseDouble(f[3]);
            System.out.println(id + "," + String.format("%.3f", ratio) + "," + (Integer.parseInt(f[4]) > 4500 ? 1 : 0));
        }
    }
}
"""''',
    r'''java_features = r"""
import java.io.*;
import java.util.*;

public class FeatureStep {
    record Penguin(long id, double length, double depth, int mass) {}
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        in.readLine();
        Map<Long, String> out = new HashMap<>();
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.split(",");
            if (f[2].equals("NA") || f[3].equals("NA") || f[4].equals("NA")) continue;
            Penguin p = new Penguin(Long.parseLong(f[0]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), Integer.parseInt(f[4]));
            out.put(p.id(), String.format(Locale.ROOT, "%d,%.3f,%d", p.id(), p.length() / p.depth(), p.mass() >= 4500 ? 1 : 0));
        }
        for (String s : out.values()) System.out.println(s);
    }
}
"""''',
]

JAVA_FEATURES_RIGHT = [
    r'''java_features = r"""
import java.io.*;
import java.math.*;
import java.util.*;

public class Pipeline {
    record Measurement(long id, String species, Optional<Double> length, Optional<Double> depth, Optional<Integer> mass) {
        static Optional<Double> num(String s) { return s.equals("NA") ? Optional.empty() : Optional.of(Double.valueOf(s)); }
        static Measurement of(String line) {
            String[] f = line.split(",", -1);
            return new Measurement(Long.parseLong(f[0]), f[1], num(f[2]), num(f[3]),
                f[4].equals("NA") ? Optional.empty() : Optional.of(Integer.valueOf(f[4])));
        }
        boolean complete() { return length.isPresent() && depth.isPresent() && mass.isPresent(); }
    }
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        in.readLine();
        StringBuilder sb = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) continue;
            Measurement m = Measurement.of(line);
            if (!m.complete()) continue;
            BigDecimal r = BigDecimal.valueOf(m.length().get() / m.depth().get()).setScale(3, RoundingMode.HALF_EVEN);
            sb.append(m.id()).append(',').append(r.toPlainString()).append(',').append(m.mass().get() >= 4500 ? 1 : 0).append('\n');
        }
        System.out.print(sb);
    }
}
"""''',
]

CPP_NEIGHBOURS_WRONG = [
    # all counts on one line: the prompt asks for n lines (this was among the right answers until the
    # check read the lines; a blind reader counted it wrong)
    r'''cpp_neighbours = r"""
#include <cstdio>
#include <cmath>
#include <vector>
int main() {
    int n, d; double r;
    std::scanf("%d %d %lf", &n, &d, &r);
    std::vector<double> x(n * d);
    for (int i = 0; i < n * d; i++) std::scanf("%lf", &x[i]);
    for (int i = 0; i < n; i++) {
        long c = 0;
        for (int j = 0; j < n; j++) {
            if (j == i) continue;
            double s = 0;
            for (int k = 0; k < d; k++) { double t = x[i*d+k] - x[j*d+k]; s += t * t; }
            c += std::sqrt(s) <= r;
        }
        std::printf("%ld ", c);
    }
    std::printf("\n");
}
"""''',
    r'''cpp_neighbours = r"""
#include <cstdio>
#include <cmath>
#include <vector>
int main() {
    int n, d; double r;
    std::scanf("%d %d %lf", &n, &d, &r);
    std::vector<double> x(n * d);
    for (int i = 0; i < n * d; i++) std::scanf("%lf", &x[i]);
    for (int i = 0; i < n; i++) {
        int c = 0;
        for (int j = 0; j < n; j++) {
            if (i == j) continue;
            double s = 0;
            for (int k = 0; k < d; k++) s += (x[i*d+k]-x[j*d+k])*(x[i*d+k]-x[j*d+k]);
            if (std::sqrt(s) < r + 1e-9) c++;
        }
        std::printf("%d\n", c);
    }
}
"""''',
    r'''cpp_neighbours = r"""
#include <cstdio>
#include <cmath>
#include <vector>
int main() {
    int n, d; double r;
    std::scanf("%d %d %lf", &n, &d, &r);
    std::vector<double> x(n * d);
    for (int i = 0; i < n * d; i++) std::scanf("%lf", &x[i]);
    for (int i = 0; i < n; i++) {
        int c = 0;
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < d; k++) s += (x[i*d+k]-x[j*d+k])*(x[i*d+k]-x[j*d+k]);
            if (s <= r*r) c++;
        }
        std::printf("%d\n", c);
    }
}
"""''',
    r'''cpp_neighbours = r"""
#include <cstdio>
int main() {
    int n, d, r;
    std::scanf("%d %d %d", &n, &d, &r);
    static double x[100000];
    for (int i = 0; i < n * d; i++) std::scanf("%lf", &x[i]);
    for (int i = 0; i < n; i++) {
        int c = 0;
        for (int j = 0; j < n; j++) {
            if (i == j) continue;
            double s = 0;
            for (int k = 0; k < d; k++) s += (x[i*d+k]-x[j*d+k])*(x[i*d+k]-x[j*d+k]);
            if (s <= r*r) c++;
        }
        std::printf("%d\\n", c);
    }
}
"""''',
    r'''cpp_neighbours = r"""
#include <cstdio>
#include <cmath>
#include <vector>
int main() {
    int n, d; double r;
    std::scanf("%d %d %lf", &n, &d, &r);
    std::vector<double> x(n * d);
    for (int i = 0; i < n * d; i++) std::scanf("%lf", &x[i]);
    for (int i = 0; i < n; i++) {
        int c = 0;
        for (int j = 0; j < n; j++) {
            if (i == j) continue;
            double dx = x[i*d] - x[j*d], dy = d > 1 ? x[i*d+1] - x[j*d+1] : 0;
            if (dx*dx + dy*dy <= r*r) c++;
        }
        std::printf("%d\n", c);
    }
}
"""''',
    r'''cpp_neighbours = r"""
#include <cstdio>
#include <cmath>
#include <vector>
int main() {
    int n, d; double r;
    std::scanf("%d %d %lf", &n, &d, &r);
    std::vector<double> x(n * d);
    for (int i = 0; i < n * d; i++) std::scanf("%lf", &x[i]);
    std::vector<int> c(n, 0);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double s = 0;
            for (int k = 0; k < d; k++) s += (x[i*d+k]-x[j*d+k])*(x[i*d+k]-x[j*d+k]);
            if (s <= r*r) c[i]++;
        }
    for (int i = 0; i < n; i++) std::printf("%d\n", c[i]);
}
"""''',
    r'''cpp_neighbours = r"""
#include <cstdio>
#include <vector>
int main() {
    int n, d; float r;
    std::scanf("%d %d %f", &n, &d, &r);
    std::vector<float> x(n * d);
    for (auto& v : x) std::scanf("%f", &v);
    for (int i = 0; i < n; i++) {
        int c = 0;
        for (int j = 0; j < n; j++) {
            if (i == j) continue;
            float s = 0;
            for (int k = 0; k < d; k++) s += (x[i*d+k]-x[j*d+k])*(x[i*d+k]-x[j*d+k]);
            if (s <= r*r) c++;
        }
        std::printf("%d\\n", c);
    }
}
"""''',
    r'''cpp_neighbours = r"""
#include <cstdio>
int main() {
    int n, d; double r;
    std::scanf("%d %d %lf", &n, &d, &r);
    double x[100][8];
    for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) std::scanf("%lf", &x[i][k]);
    for (int i = 0; i < n; i++) {
        int c = 0;
        for (int j = 0; j < n; j++) {
            if (i == j) continue;
            double s = 0;
            for (int k = 0; k < d; k++) s += (x[i][k]-x[j][k])*(x[i][k]-x[j][k]);
            if (s <= r*r) c++;
        }
        std::printf("%d\\n", c);
    }
}
"""''',
]

CPP_NEIGHBOURS_RIGHT = [
    r'''cpp_neighbours = r"""
#include <iostream>
#include <vector>
#include <cmath>
using namespace std;
struct Point { vector<double> c; };
int main() {
    int n, d; double r; cin >> n >> d >> r;
    vector<Point> p(n, Point{vector<double>(d)});
    for (auto& q : p) for (auto& v : q.c) cin >> v;
    for (int i = 0; i < n; ++i) {
        int count = 0;
        for (int j = 0; j < n; ++j) {
            if (i != j && hypot(0.0, 0.0) == 0.0) {
                double s = 0; for (int k = 0; k < d; ++k) s += pow(p[i].c[k] - p[j].c[k], 2);
                if (s <= r * r) ++count;
            }
        }
        cout << count << endl;
    }
}
"""''',
]
