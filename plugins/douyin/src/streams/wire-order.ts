/** A region in post_addr: `{ id, name }`. */
export interface WireRegion {
  id?: string | number;
  name?: string;
}

/** A shop_order_list item of order.searchList, as far as this source reads it. */
export interface WireOrder {
  order_id: string | number;
  shop_id?: string | number;
  order_status: number;
  order_status_desc?: string;
  create_time: number;
  update_time: number;
  pay_time?: number;
  finish_time?: number;
  order_amount: number;
  pay_amount: number;
  post_amount?: number;
  promotion_amount?: number;
  pay_type?: number;
  doudian_open_id?: string;
  open_id?: string;
  buyer_words?: string;
  seller_words?: string;
  cancel_reason?: string;
  encrypt_post_tel?: string;
  encrypt_post_receiver?: string;
  mask_post_tel?: string;
  mask_post_receiver?: string;
  post_addr?: { province?: WireRegion; city?: WireRegion; town?: WireRegion; street?: WireRegion; encrypt_detail?: string };
  sku_order_list?: WireSkuOrder[];
  logistics_info?: { tracking_no?: string; company?: string; company_name?: string; ship_time?: number }[];
}

export interface WireSkuOrder {
  order_id: string | number;
  order_status: number;
  product_id?: string | number;
  product_name?: string;
  sku_id?: string | number;
  code?: string;
  item_num?: number;
  origin_amount?: number;
  pay_amount?: number;
  after_sale_info?: { after_sale_status?: number; after_sale_type?: number; refund_status?: number };
}

/** order.searchList's `data`. */
export interface SearchListData {
  page: number;
  size: number;
  total: number;
  shop_order_list?: WireOrder[];
}

/** An order with what decryption added to it. */
export interface FetchedOrder {
  order: WireOrder;
  plain?: { tel?: string; receiver?: string };
}
