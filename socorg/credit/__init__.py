"""Credit lists: 活动异常名录 and 严重违法失信名单 (民政部令第60号). Pure rules for now."""
