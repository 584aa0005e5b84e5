-- reserved for #20 centers; replaced by its migration
SELECT 1;
