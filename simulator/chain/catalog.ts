import type { Rng } from '../random/rng';

/** One product line of a grocery chain's catalog. */
export interface Sku {
  index: number;
  sku: string;
  name: string;
  category: string;
  /** List price in cents. */
  price: number;
  /** Relative demand (a Zipf curve within the category times the category's share). */
  popularity: number;
  /** Sold only to adults: a self-checkout calls for an age check. */
  ageRestricted: boolean;
  /** Traceable item whose individual mark is scanned (tobacco, medicine). */
  marked: boolean;
  /** Cheap everyday items are bought several at a time. */
  multiBuy: boolean;
}

interface CategorySpec {
  name: string;
  share: number;
  /** Median price and spread (log-normal), in cents. */
  median: number;
  sigma: number;
  products: string[];
  variants: string[];
  sizes: string[];
  ageRestricted?: boolean;
  marked?: boolean;
}

const CATEGORIES: CategorySpec[] = [
  { name: 'Fruit & Vegetables', share: 0.13, median: 189, sigma: 0.5, products: ['Apples', 'Bananas', 'Oranges', 'Tomatoes', 'Potatoes', 'Onions', 'Carrots', 'Lettuce', 'Peppers', 'Lemons', 'Grapes', 'Pears', 'Courgettes', 'Spinach', 'Avocados'], variants: ['Organic', 'Local', 'Premium', 'Loose', 'Bag'], sizes: ['500 g', '1 kg', '2 kg', 'each', '6 pack'] },
  { name: 'Bakery', share: 0.07, median: 159, sigma: 0.5, products: ['Baguette', 'Sourdough', 'Croissants', 'Rye Bread', 'Muffins', 'Bagels', 'Brioche', 'Wholemeal Loaf', 'Pastries', 'Ciabatta'], variants: ['Fresh', 'Seeded', 'Butter', 'Mini', 'Family'], sizes: ['1 pc', '4 pack', '6 pack', '400 g', '800 g'] },
  { name: 'Dairy & Eggs', share: 0.12, median: 179, sigma: 0.55, products: ['Milk', 'Yogurt', 'Butter', 'Cheddar', 'Mozzarella', 'Eggs', 'Cream', 'Kefir', 'Manchego', 'Cottage Cheese', 'Skyr'], variants: ['Whole', 'Semi-skimmed', 'Greek', 'Lactose-free', 'Organic', 'Aged'], sizes: ['1 l', '500 g', '250 g', '125 g x 4', '12 pack', '6 pack'] },
  { name: 'Meat & Fish', share: 0.08, median: 649, sigma: 0.55, products: ['Chicken Breast', 'Minced Beef', 'Pork Chops', 'Salmon Fillet', 'Hake', 'Chorizo', 'Serrano Ham', 'Sausages', 'Tuna Steak', 'Lamb Leg', 'Prawns'], variants: ['Free-range', 'Fresh', 'Smoked', 'Marinated', 'Wild'], sizes: ['300 g', '500 g', '1 kg', '200 g', 'per kg'] },
  { name: 'Frozen', share: 0.06, median: 349, sigma: 0.5, products: ['Peas', 'Pizza', 'Ice Cream', 'Fish Fingers', 'Chips', 'Berries', 'Croquettes', 'Lasagne', 'Spinach Portions'], variants: ['Family', 'Classic', 'Premium', 'Vegetarian'], sizes: ['400 g', '750 g', '1 kg', '900 ml'] },
  { name: 'Pantry', share: 0.16, median: 219, sigma: 0.6, products: ['Pasta', 'Rice', 'Olive Oil', 'Tomato Sauce', 'Chickpeas', 'Tuna in Oil', 'Flour', 'Sugar', 'Coffee', 'Tea', 'Cereal', 'Honey', 'Jam', 'Lentils', 'Salt', 'Vinegar'], variants: ['Extra Virgin', 'Wholegrain', 'Classic', 'Organic', 'Arborio', 'Ground', 'Instant'], sizes: ['500 g', '1 kg', '750 ml', '1 l', '250 g', '3 x 80 g'] },
  { name: 'Snacks & Sweets', share: 0.09, median: 169, sigma: 0.5, products: ['Crisps', 'Chocolate Bar', 'Biscuits', 'Nuts', 'Popcorn', 'Gummies', 'Crackers', 'Cereal Bars', 'Olives'], variants: ['Salted', 'Dark', 'Milk', 'Mixed', 'Roasted', 'Sharing'], sizes: ['150 g', '100 g', '200 g', '6 pack', '40 g'] },
  { name: 'Beverages', share: 0.1, median: 149, sigma: 0.55, products: ['Water', 'Sparkling Water', 'Cola', 'Orange Juice', 'Lemonade', 'Iced Tea', 'Energy Drink', 'Apple Juice', 'Tonic'], variants: ['Still', 'Zero', 'Classic', 'Fresh', 'Light'], sizes: ['1.5 l', '6 x 1.5 l', '330 ml', '1 l', '6 x 330 ml'] },
  { name: 'Wine, Beer & Spirits', share: 0.06, median: 599, sigma: 0.7, products: ['Rioja', 'Vinho Verde', 'Albariño', 'Lager', 'IPA', 'Cava', 'Gin', 'Rum', 'Port', 'Cider'], variants: ['Reserva', 'Crianza', 'Craft', 'Brut', 'Premium', 'Classic'], sizes: ['75 cl', '6 x 33 cl', '70 cl', '1 l', '12 x 25 cl'], ageRestricted: true },
  { name: 'Tobacco', share: 0.015, median: 520, sigma: 0.15, products: ['Cigarettes', 'Rolling Tobacco', 'Cigarillos'], variants: ['Red', 'Blue', 'Silver', 'Menthol'], sizes: ['20 pack', '30 g', '10 pack'], ageRestricted: true, marked: true },
  { name: 'Household', share: 0.06, median: 299, sigma: 0.6, products: ['Washing Liquid', 'Dish Soap', 'Kitchen Roll', 'Toilet Paper', 'Bin Bags', 'Bleach', 'Sponges', 'Foil', 'Batteries', 'Light Bulb'], variants: ['Sensitive', 'Lemon', 'Eco', 'Extra Strong', 'Value'], sizes: ['1 l', '9 rolls', '4 rolls', '20 pack', '2 l'] },
  { name: 'Personal Care', share: 0.05, median: 329, sigma: 0.6, products: ['Shampoo', 'Toothpaste', 'Shower Gel', 'Deodorant', 'Razors', 'Hand Cream', 'Sun Cream', 'Soap'], variants: ['Sensitive', 'Fresh', 'Men', 'Kids', 'Herbal'], sizes: ['250 ml', '75 ml', '400 ml', '5 pack', '150 ml'] },
  { name: 'Baby & Kids', share: 0.02, median: 599, sigma: 0.5, products: ['Nappies', 'Baby Wipes', 'Baby Food', 'Formula Milk'], variants: ['Size 3', 'Size 4', 'Sensitive', 'Organic'], sizes: ['36 pack', '64 pack', '200 g', '800 g'] },
  { name: 'Pet', share: 0.02, median: 399, sigma: 0.6, products: ['Dog Food', 'Cat Food', 'Cat Litter', 'Dog Treats'], variants: ['Adult', 'Puppy', 'Chicken', 'Salmon'], sizes: ['2 kg', '12 x 100 g', '10 l', '500 g'] },
  { name: 'Health', share: 0.015, median: 449, sigma: 0.4, products: ['Paracetamol', 'Ibuprofen', 'Vitamin C', 'Plasters', 'Cough Syrup'], variants: ['Extra', 'Junior', 'Effervescent'], sizes: ['20 tablets', '16 tablets', '100 ml', '20 pack'], marked: true },
];

/** Prices end the way shelf prices do: .29, .49, .79, .99. */
function shelfPrice(cents: number): number {
  const euros = Math.max(0, Math.floor(cents / 100));
  const endings = [29, 49, 79, 99];
  const rest = cents - euros * 100;
  const ending = endings.find((e) => e >= rest) ?? 99;
  return Math.max(29, euros * 100 + ending);
}

/** The chain's catalog: `count` SKUs across grocery categories, deterministic per seed. */
export function buildCatalog(rng: Rng, count: number): Sku[] {
  const skus: Sku[] = [];
  const totalShare = CATEGORIES.reduce((s, c) => s + c.share, 0);
  let made = 0;
  CATEGORIES.forEach((cat, ci) => {
    const n = ci === CATEGORIES.length - 1 ? count - made : Math.round((count * cat.share) / totalShare);
    for (let i = 0; i < n; i++) {
      const product = cat.products[i % cat.products.length]!;
      const variant = rng.pick(cat.variants);
      const size = rng.pick(cat.sizes);
      const index = skus.length;
      skus.push({
        index,
        sku: `SKU${String(100001 + index)}`,
        name: `${variant} ${product} ${size}`,
        category: cat.name,
        price: shelfPrice(Math.round(rng.logNormal(cat.median, cat.sigma))),
        // Zipf within the category (rank i+1), scaled so categories keep their share of demand.
        popularity: (cat.share / Math.max(1, harmonic(n))) / Math.pow(i + 1, 0.9),
        ageRestricted: cat.ageRestricted === true,
        marked: cat.marked === true,
        multiBuy: cat.median < 250,
      });
    }
    made += n;
  });
  return skus;
}

function harmonic(n: number): number {
  let h = 0;
  for (let i = 1; i <= n; i++) h += 1 / Math.pow(i, 0.9);
  return h;
}

export const CATEGORY_NAMES = CATEGORIES.map((c) => c.name);
