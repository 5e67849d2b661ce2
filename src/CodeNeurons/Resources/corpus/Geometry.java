// Written for CodeNeurons; MIT licence.
package corpus;

import java.util.Arrays;
import java.util.Locale;

public final class Geometry {
    static final double EPSILON = 1e-9;
    static final double TAU = 6.283185307179586;
    static final float GOLDEN = 1.618034f;
    static final double DEG = 57.29577951308232;
    static final long SEED = 0x5DEECE66DL;

    private Geometry() {
    }

    interface Shape {
        double area();

        double perimeter();

        default String describe() {
            return String.format(Locale.ROOT, "%s area=%.3f perimeter=%.3f",
                    getClass().getSimpleName(), area(), perimeter());
        }
    }

    record Point(double x, double y) {
        double distance(Point other) {
            double dx = other.x - x;
            double dy = other.y - y;
            return Math.sqrt(dx * dx + dy * dy);
        }

        Point rotate(double degrees) {
            double r = degrees / DEG;
            return new Point(x * Math.cos(r) - y * Math.sin(r), x * Math.sin(r) + y * Math.cos(r));
        }
    }

    record Circle(Point center, double radius) implements Shape {
        public double area() {
            return Math.PI * radius * radius;
        }

        public double perimeter() {
            return TAU * radius;
        }
    }

    record Rect(double width, double height) implements Shape {
        public double area() {
            return width * height;
        }

        public double perimeter() {
            return 2 * (width + height);
        }
    }

    record Triangle(Point a, Point b, Point c) implements Shape {
        public double area() {
            double s = a.x() * (b.y() - c.y()) + b.x() * (c.y() - a.y())
                    + c.x() * (a.y() - b.y());
            return Math.abs(s) / 2.0;
        }

        public double perimeter() {
            return a.distance(b) + b.distance(c) + c.distance(a);
        }
    }

    enum Paper {
        A3(297.0, 420.0), A4(210.0, 297.0), A5(148.0, 210.0), LETTER(215.9, 279.4),
        LEGAL(215.9, 355.6), B5(176.0, 250.0), C6(114.0, 162.0);

        final double widthMm;
        final double heightMm;

        Paper(double widthMm, double heightMm) {
            this.widthMm = widthMm;
            this.heightMm = heightMm;
        }

        double areaSquareInches() {
            return widthMm * heightMm / 645.16;
        }
    }

    static abstract class Solid {
        protected final double density;

        protected Solid(double density) {
            this.density = density;
        }

        abstract double volume();

        double mass() {
            return volume() * density;
        }
    }

    static final class Cube extends Solid {
        private final double side;

        Cube(double side, double density) {
            super(density);
            this.side = side;
        }

        @Override
        double volume() {
            return side * side * side;
        }
    }

    static synchronized double describeSolid(Object o) throws IllegalArgumentException {
        if (o instanceof Cube cube) {
            return cube.mass();
        }
        throw new IllegalArgumentException("unsupported solid");
    }

    static double polygonArea(double[] xs, double[] ys) {
        double sum = 0;
        int n = xs.length;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            sum += xs[i] * ys[j] - xs[j] * ys[i];
        }
        return Math.abs(sum) * 0.5;
    }

    static boolean nearlyEqual(double a, double b) {
        return Math.abs(a - b) < EPSILON;
    }

    static double heron(double a, double b, double c) {
        if (a + b <= c || a + c <= b || b + c <= a) {
            throw new ArithmeticException("not a triangle");
        }
        double s = (a + b + c) / 2;
        return Math.sqrt(s * (s - a) * (s - b) * (s - c));
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    static long lcg(long state) {
        return (state * 0x5DEECE66DL + 0xBL) & ((1L << 48) - 1);
    }

    static double[] sampleAngles(int count) {
        double[] out = new double[count];
        long state = SEED;
        for (int i = 0; i < count; i++) {
            state = lcg(state);
            out[i] = (state >>> 17) % 36_000 / 100.0;
        }
        return out;
    }

    static String classify(double angle) {
        if (angle < 0.0 || angle >= 360.0) {
            return "invalid";
        } else if (angle < 90.0) {
            return "acute";
        } else if (nearlyEqual(angle, 90.0)) {
            return "right";
        } else if (angle < 180.0) {
            return "obtuse";
        }
        return "reflex";
    }

    public static void main(String[] args) {
        Shape[] shapes = {
            new Circle(new Point(0.0, 0.0), 1.0),
            new Circle(new Point(2.5, -1.25), 3.75),
            new Rect(4.0, 2.5),
            new Rect(0.125, 64.0),
            new Rect(17.5, 9.25),
            new Triangle(new Point(0, 0), new Point(3, 0), new Point(0, 4)),
            new Triangle(new Point(-1.5, 2.0), new Point(6.25, 0.5), new Point(1.0, 8.75)),
        };
        double total = 0;
        for (Shape shape : shapes) {
            System.out.println(shape.describe());
            total += shape.area();
        }
        System.out.printf(Locale.ROOT, "total area %.4f%n", total);

        double[] xs = {0.0, 4.0, 4.0, 2.0, 0.0};
        double[] ys = {0.0, 0.0, 3.0, 5.5, 3.0};
        System.out.println("pentagon area " + polygonArea(xs, ys));
        System.out.println("heron 13/14/15 = " + heron(13, 14, 15));
        System.out.println("heron 7.5/8.5/9.5 = " + heron(7.5, 8.5, 9.5));
        System.out.println("gcd(1071, 462) = " + gcd(1071, 462));
        System.out.println("gcd(0x7F, 0b1010) = " + gcd(0x7F, 0b1010));
        try {
            heron(1, 2, 10);
        } catch (ArithmeticException ex) {
            System.out.println("expected failure: " + ex.getMessage());
        }

        Point p = new Point(1.0, 0.0);
        for (int deg = 0; deg <= 360; deg += 45) {
            Point q = p.rotate(deg);
            System.out.printf(Locale.ROOT, "%3d deg -> (%+.5f, %+.5f)%n", deg, q.x(), q.y());
        }
        double[] angles = sampleAngles(12);
        Arrays.sort(angles);
        for (double a : angles) {
            System.out.println(a + " is " + classify(a));
        }
        float ratio = GOLDEN * 0.75f + 2.5e-3f;
        double tiny = 3.0e-7 + 6.02e23 * 0.0;
        long big = 9_223_372_036L / 1_000L;
        char mark = '*';
        System.out.println("ratio=" + ratio + " tiny=" + tiny + " big=" + big + " " + mark);
        for (Paper paper : Paper.values()) {
            System.out.printf(Locale.ROOT, "%-6s %.2f sq in%n", paper, paper.areaSquareInches());
        }
        var cubes = new Cube[] {new Cube(0.3, 7874.0), new Cube(0.05, 19_320.0),
            new Cube(1.2, 917.0), new Cube(0.015, 2_700.0), new Cube(2.0, 1.225)};
        for (Cube cube : cubes) {
            System.out.println("cube mass " + describeSolid(cube));
        }
        int steps = 0;
        double x = 1.0;
        do {
            x = 0.5 * (x + 2.0 / x);
            steps++;
        } while (Math.abs(x * x - 2.0) > 1e-12 && steps < 64);
        System.out.println("sqrt(2) ~ " + x + " after " + steps + " steps");
        short tile = 512;
        byte level = 0x3A;
        long mask = 0xFFFF_0000L | 0b1111L;
        double[] magic = {0.618, 2.71828, 1.41421, 0.57721, 4.6692, 1.20206, 0.91597, 3.35988};
        System.out.println(tile + level + mask + " " + Arrays.toString(magic));
        System.out.println(classify(-5.0) + ", " + classify(270.0) + ", " + classify(90.0));
    }
}
