/** An order as either API sends it (only what the record reads; both shapes share most of it). */
export interface WireOrder {
  order_id: string | number;
  status: number;
  /** Unix seconds (Channels) or "yyyy-MM-dd HH:mm:ss" Beijing time (mini-program shop). */
  create_time: number | string;
  update_time: number | string;
  openid?: string;
  unionid?: string;
  order_detail?: {
    product_infos?: WireProduct[];
    pay_info?: {
      payment_method?: number | string;
      pay_method?: string;
      prepay_id?: string;
      transaction_id?: string;
      pay_time?: number | string;
    };
    price_info?: { product_price?: number; order_price?: number; freight?: number; discounted_price?: number };
    delivery_info?: {
      address_info?: WireAddress;
      delivery_product_info?: { waybill_id?: string; delivery_id?: string; delivery_time?: number | string }[];
      deliver_method?: number | string;
      delivery_method?: string;
    };
    ext_info?: { customer_notes?: string; merchant_notes?: string };
  };
  aftersale_detail?: { aftersale_order_list?: { aftersale_order_id?: string | number }[]; on_aftersale_order_cnt?: number };
}

export interface WireProduct {
  product_id: string | number;
  sku_id: string | number;
  title?: string;
  sku_cnt?: number;
  sale_price?: number;
  real_price?: number;
  thumb_img?: string;
}

export interface WireAddress {
  user_name?: string;
  tel_number?: string;
  province_name?: string;
  city_name?: string;
  county_name?: string;
  detail_info?: string;
  postal_code?: string;
  hash_code?: string;
  use_tel_number?: number | boolean;
  tel_number_ext_info?: { real_tel_number?: string; virtual_tel_number?: string; virtual_tel_expire_time?: number };
}

/** What /channels/ec/order/sensitiveinfo/decode answers: the receiver in plain text. */
export interface DecodedReceiver {
  address_info?: { user_name?: string; tel_number?: string; detail_info?: string; house_number?: string };
  virtual_number_info?: { virtual_number?: string; extension?: string };
}
