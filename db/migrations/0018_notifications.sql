-- reserved for #20 notifications; replaced by its migration
SELECT 1;
