/** Tables for realistic US, UK and Canadian seed data. */

export const EN_FIRST_NAMES = [
  'Emma', 'Olivia', 'Liam', 'Noah', 'James', 'Sophia', 'Ava', 'William', 'Oliver', 'Amelia',
  'Isabella', 'Lucas', 'Mia', 'Ethan', 'Harper', 'Benjamin', 'Charlotte', 'Henry', 'Grace', 'Jack',
  'Emily', 'Daniel', 'Chloe', 'Samuel', 'Ella', 'Michael', 'Lily', 'Thomas', 'Hannah', 'David',
] as const;

export const EN_LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor',
  'Anderson', 'Thomas', 'Moore', 'Martin', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis',
  'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Campbell',
  'Evans', 'Roberts', "O'Brien", 'MacDonald',
] as const;

export const EN_EMAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com'] as const;

export interface EnPlace {
  country: string;
  countryCode: 'US' | 'GB' | 'CA';
  /** State, nation (UK) or province. */
  province: string;
  city: string;
  timeZone: string;
  currency: string;
  /** US/CA area codes; UK numbers here are mobiles. */
  areaCodes: readonly string[];
  /** Postcode: a US ZIP prefix (3 digits), a UK outward code, or a Canadian FSA. */
  postPrefixes: readonly string[];
}

// Only cities in the four zones datong's demos use, so a person's zone always matches the city.
export const EN_PLACES: readonly EnPlace[] = [
  { country: 'United States', countryCode: 'US', province: 'NY', city: 'New York', timeZone: 'America/New_York', currency: 'USD', areaCodes: ['212', '646', '917'], postPrefixes: ['100', '101'] },
  { country: 'United States', countryCode: 'US', province: 'NY', city: 'Brooklyn', timeZone: 'America/New_York', currency: 'USD', areaCodes: ['718', '347'], postPrefixes: ['112'] },
  { country: 'United States', countryCode: 'US', province: 'MA', city: 'Boston', timeZone: 'America/New_York', currency: 'USD', areaCodes: ['617', '857'], postPrefixes: ['021'] },
  { country: 'United States', countryCode: 'US', province: 'CA', city: 'Los Angeles', timeZone: 'America/Los_Angeles', currency: 'USD', areaCodes: ['213', '310', '323'], postPrefixes: ['900'] },
  { country: 'United States', countryCode: 'US', province: 'CA', city: 'San Francisco', timeZone: 'America/Los_Angeles', currency: 'USD', areaCodes: ['415', '628'], postPrefixes: ['941'] },
  { country: 'United States', countryCode: 'US', province: 'WA', city: 'Seattle', timeZone: 'America/Los_Angeles', currency: 'USD', areaCodes: ['206'], postPrefixes: ['981'] },
  { country: 'United Kingdom', countryCode: 'GB', province: 'England', city: 'London', timeZone: 'Europe/London', currency: 'GBP', areaCodes: [], postPrefixes: ['SW1A', 'EC1A', 'N1', 'E2', 'W1D', 'SE1'] },
  { country: 'United Kingdom', countryCode: 'GB', province: 'England', city: 'Manchester', timeZone: 'Europe/London', currency: 'GBP', areaCodes: [], postPrefixes: ['M1', 'M4'] },
  { country: 'United Kingdom', countryCode: 'GB', province: 'Scotland', city: 'Edinburgh', timeZone: 'Europe/London', currency: 'GBP', areaCodes: [], postPrefixes: ['EH1', 'EH3'] },
  { country: 'Canada', countryCode: 'CA', province: 'ON', city: 'Toronto', timeZone: 'America/Toronto', currency: 'CAD', areaCodes: ['416', '647'], postPrefixes: ['M5V', 'M4C', 'M6G'] },
  { country: 'Canada', countryCode: 'CA', province: 'ON', city: 'Ottawa', timeZone: 'America/Toronto', currency: 'CAD', areaCodes: ['613'], postPrefixes: ['K1P', 'K2P'] },
];

export const EN_STREETS = [
  'Maple Street', 'Oak Avenue', 'Main Street', 'High Street', 'Park Road', 'Church Lane',
  'Elm Street', 'King Street', 'Queen Street', 'Cedar Avenue', 'Victoria Road', 'Mill Lane',
  'Washington Avenue', 'Lakeview Drive',
] as const;

export const EN_PRODUCT_WORDS = {
  style: ['Classic', 'Organic', 'Wireless', 'Slim', 'Vintage', 'Premium', 'Everyday', 'Lightweight', 'Handmade'],
  colour: ['Black', 'Navy', 'Sage Green', 'Sand', 'Charcoal', 'Cream', 'Rust'],
  item: ['T-Shirt', 'Backpack', 'Water Bottle', 'Headphones', 'Mug', 'Sneakers', 'Notebook', 'Scarf', 'Desk Lamp', 'Yoga Mat', 'Tote Bag', 'Hoodie'],
} as const;
