// Written for CodeNeurons; MIT licence.
package corpus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class Inventory {
    static final double SALES_TAX = 0.0825;
    static final double BULK_DISCOUNT = 0.12;
    static final int BULK_THRESHOLD = 250;
    static final long MAX_STOCK = 1_000_000L;
    static final int FLAG_FRAGILE = 0x01;
    static final int FLAG_PERISHABLE = 0x02;
    static final int FLAG_HAZARD = 0x04;

    record Item(String sku, String name, double price, int quantity, int flags) {
        double total() {
            return price * quantity;
        }
    }

    private final Map<String, Item> items = new HashMap<>();
    private final List<String> log = new ArrayList<>();

    void add(String sku, String name, double price, int quantity, int flags) {
        if (price < 0.0) {
            throw new IllegalArgumentException("price must not be negative");
        }
        if (quantity > MAX_STOCK) {
            throw new IllegalStateException("quantity exceeds warehouse capacity");
        }
        items.put(sku, new Item(sku, name, price, quantity, flags));
        log.add("added " + sku);
    }

    boolean remove(String sku, int amount) {
        Item item = items.get(sku);
        if (item == null) {
            log.add("unknown sku: " + sku);
            return false;
        } else if (item.quantity() < amount) {
            log.add("not enough stock for " + sku);
            return false;
        }
        items.put(sku, new Item(sku, item.name(), item.price(), item.quantity() - amount,
                item.flags()));
        return true;
    }

    double valueOfStock() {
        double sum = 0.0;
        for (Item item : items.values()) {
            sum += item.total();
        }
        return sum;
    }

    double invoice(String sku, int amount) {
        Item item = items.get(sku);
        assert item != null : "invoice requires a known item";
        double net = item.price() * amount;
        if (amount >= BULK_THRESHOLD) {
            net = net * (1.0 - BULK_DISCOUNT);
        }
        double shipping = switch (item.flags() & 0x07) {
            case 0 -> 4.99;
            case 1 -> 7.5;
            case 2 -> 12.25;
            case 4 -> 39.0;
            default -> 55.75;
        };
        return Math.round((net * (1 + SALES_TAX) + shipping) * 100.0) / 100.0;
    }

    String category(Item item) {
        String label;
        switch (item.name().charAt(0)) {
            case 'A':
            case 'B':
                label = "hardware";
                break;
            case 'C':
                label = "cables";
                break;
            case 'L':
                label = "lighting";
                break;
            default:
                label = "misc";
        }
        return label;
    }

    List<Item> lowStock(int limit) {
        List<Item> result = new ArrayList<>();
        for (Item item : items.values()) {
            if (item.quantity() == 0) {
                continue;
            }
            if (item.quantity() <= limit) {
                result.add(item);
            }
        }
        result.sort((a, b) -> Integer.compare(a.quantity(), b.quantity()));
        return result;
    }

    int restockPlan(String sku, int target) {
        Item item = items.get(sku);
        int ordered = 0;
        int batch = 48;
        while (item != null && item.quantity() + ordered < target) {
            ordered += batch;
            if (ordered > 9_600) {
                break;
            }
        }
        return ordered;
    }

    String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-10s %-24s %9s %6s%n", "SKU", "Name", "Price", "Qty"));
        for (Item item : items.values()) {
            sb.append(String.format("%-10s %-24s %9.2f %6d%n", item.sku(), item.name(),
                    item.price(), item.quantity()));
        }
        sb.append(String.format("Total stock value: %.2f%n", valueOfStock()));
        return sb.toString();
    }

    public static void main(String[] args) {
        Inventory inv = new Inventory();
        inv.add("A-1001", "Anchor bolt M8", 0.35, 1_200, 0);
        inv.add("A-1002", "Anchor bolt M10", 0.48, 860, 0);
        inv.add("B-2040", "Bracket, steel", 2.79, 315, FLAG_FRAGILE);
        inv.add("C-3300", "Cable tie 200mm", 0.04, 25_000, 0);
        inv.add("C-3315", "Coax cable 10m", 11.9, 64, FLAG_FRAGILE);
        inv.add("L-4410", "LED strip 5m", 18.45, 37, FLAG_FRAGILE);
        inv.add("L-4422", "Lamp socket E27", 3.15, 142, 0);
        inv.add("P-5001", "Paint thinner 1L", 6.6, 23, FLAG_HAZARD);
        inv.add("G-6007", "Glue stick 40g", 1.05, 410, FLAG_PERISHABLE);
        inv.add("S-7070", "Sandpaper P120", 0.62, 1_875, 0);
        inv.remove("C-3300", 4_500);
        inv.remove("Z-0000", 1);
        inv.remove("L-4410", 99);
        try {
            inv.add("X-9999", "Broken entry", -1.0, 3, 0);
        } catch (IllegalArgumentException ex) {
            System.err.println("rejected: " + ex.getMessage());
        } finally {
            System.out.println("validation finished");
        }
        System.out.print(inv.report());
        System.out.println("Invoice A-1001 x 300: " + inv.invoice("A-1001", 300));
        System.out.println("Invoice P-5001 x 2: " + inv.invoice("P-5001", 2));
        System.out.println("Restock L-4422: " + inv.restockPlan("L-4422", 500));
        for (Item item : inv.lowStock(50)) {
            System.out.println("LOW " + item.sku() + " (" + inv.category(item) + ")");
        }
        for (String line : inv.log) {
            System.out.println("log> " + line);
        }
    }
}
